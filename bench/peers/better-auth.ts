/**
 * The baseline for single invites and accepts: Better Auth's organization plugin on its own fresh
 * PostgreSQL database, driven in-process through `auth.api.*` (as the shared peer harness does), with
 * email sending stubbed. invitationLimit and membershipLimit are raised (their defaults of 100 would
 * stop the runs); defaultFindManyLimit is 100,000 so its invitation-limit check counts every pending
 * invitation, as §5's "about 140 invitations a second" was measured (BENCH_BA_FIND_MANY changes it).
 */
import { createHmac } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { organization } from 'better-auth/plugins';
import pg from 'pg';
import { defer } from '../lib/cleanup.ts';
import { scratchPostgres } from '../lib/database.ts';
import { percentile } from '../lib/stats.ts';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

function makeAuth(pool: pg.Pool) {
  return betterAuth({
    database: pool,
    secret: SECRET,
    baseURL: 'http://localhost:3000',
    telemetry: { enabled: false },
    logger: { level: 'error' },
    emailAndPassword: { enabled: true },
    advanced: { database: { defaultFindManyLimit: Number(process.env.BENCH_BA_FIND_MANY ?? 100_000) } },
    plugins: [organization({ sendInvitationEmail: async () => {}, invitationLimit: 1_000_000, membershipLimit: 1_000_000 })],
  });
}
type Auth = ReturnType<typeof makeAuth>;

export interface PeerRate {
  rps: number;
  p99: number;
  errors: number;
}

export interface BetterAuthPeer {
  /** A new organization owned by the peer's admin. */
  newOrg(slug: string): Promise<string>;
  /** createInvitation with `connections` calls in flight for `seconds`, a new address each. */
  invites(orgId: string, prefix: string, connections: number, seconds: number): Promise<PeerRate>;
  /** `n` pending invitations, each with a signed-in invitee (users and sessions made without password hashing). */
  prepareAccepts(orgId: string, prefix: string, n: number): Promise<Array<{ invitationId: string; headers: Headers }>>;
  /** acceptInvitation for each prepared pair, `connections` in flight. */
  accepts(pairs: Array<{ invitationId: string; headers: Headers }>, connections: number): Promise<PeerRate>;
}

/** Runs `task(i)` with `connections` in flight until `stop(i)` says so; latencies in ms. */
async function pool(connections: number, stop: (i: number) => boolean, task: (i: number) => Promise<unknown>): Promise<PeerRate> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; !stop(i); i = next++) {
      const at = performance.now();
      try {
        await task(i);
        latencies.push(performance.now() - at);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { rps: (latencies.length / (performance.now() - started)) * 1000, p99: percentile(latencies, 0.99), errors };
}

function sessionHeaders(token: string): Headers {
  const signature = createHmac('sha256', SECRET).update(token).digest('base64');
  return new Headers({ cookie: `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}` });
}

export async function startBetterAuthPeer(connections: number): Promise<BetterAuthPeer> {
  const url = await scratchPostgres('better_auth');
  const pgPool = new pg.Pool({ connectionString: url, max: connections });
  pgPool.on('error', () => {});
  defer(() => pgPool.end());
  const auth: Auth = makeAuth(pgPool);
  await (await getMigrations(auth.options)).runMigrations();
  const signUp = await auth.api.signUpEmail({ body: { email: 'admin@peer.test', password: 'correct horse battery', name: 'Admin' }, returnHeaders: true });
  const admin = new Headers({ cookie: signUp.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') });
  const ctx = await auth.$context;
  const adminId = (signUp.response as { user: { id: string } }).user.id;
  return {
    newOrg: async (slug) => ((await auth.api.createOrganization({ body: { name: slug, slug }, headers: admin })) as { id: string }).id,
    invites: (orgId, prefix, conns, seconds) => {
      const until = performance.now() + seconds * 1000;
      return pool(conns, () => performance.now() >= until, (i) => auth.api.createInvitation({ body: { email: `${prefix}${i}@peer.test`, role: 'member', organizationId: orgId }, headers: admin }));
    },
    prepareAccepts: async (orgId, prefix, n) => {
      const pairs: Array<{ invitationId: string; headers: Headers }> = new Array(n);
      await pool(8, (i) => i >= n, async (i) => {
        const email = `${prefix}${i}@peer.test`;
        // Written through Better Auth's adapter: createInvitation would re-read every pending invitation each time.
        const inv = await ctx.adapter.create<Record<string, unknown>, { id: string }>({
          model: 'invitation',
          data: { organizationId: orgId, email, role: 'member', status: 'pending', expiresAt: new Date(Date.now() + 86_400_000), createdAt: new Date(), inviterId: adminId },
        });
        const user = await ctx.internalAdapter.createUser({ email, name: email, emailVerified: true }, { method: 'admin' });
        const session = await ctx.internalAdapter.createSession(user.id);
        pairs[i] = { invitationId: inv.id, headers: sessionHeaders(session.token) };
      });
      return pairs;
    },
    accepts: (pairs, conns) => pool(conns, (i) => i >= pairs.length, (i) => auth.api.acceptInvitation({ body: { invitationId: pairs[i]!.invitationId }, headers: pairs[i]!.headers })),
  };
}
