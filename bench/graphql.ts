/**
 * GraphQL (issue 10; no §5 target): `userInvite` calls a second, as OpsLevel's Go client sends them
 * (its v2026 query text, a new address each call), from autocannon in its own process at 16
 * connections against the real server; and the time to list 10,000 users in pages of 500 with
 * the client's ListUsers query (teams, tags and contacts selected), as one client would, one page
 * after another. Users are seeded by SQL.
 *
 *   npm run bench:graphql                BENCH_N=2000 invites a run, BENCH_RUNS=3
 */
import { sql } from 'kysely';
import { main } from './lib/cleanup.ts';
import { freshDatabase, withOpen } from './lib/database.ts';
import { bearer, describeLoad, load } from './lib/load.ts';
import { fmt, report } from './lib/report.ts';
import { bootstrapCli, startServer } from './lib/server.ts';
import { runCount, runs, size, summarize } from './lib/stats.ts';

const N = size('N', 2000);
const USERS = 10_000;
const USER = 'id,email,name,contacts{address,displayName,displayType,externalId,id,isDefault,type},htmlUrl,provisionedBy,role,tags{nodes{id,key,value},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor}},teams{nodes{alias,id},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor}}';
const INVITE = `mutation UserInvite($email:String!$forceSendInvite:Boolean$input:UserInput!){userInvite(email: $email input: $input, forceSendInvite: $forceSendInvite){user{${USER}},errors{message,path}}}`;
const LIST = `query UserList($after:String!$filter:[UsersFilterInput!]$first:Int!){account{users(after: $after, first: $first, filter: $filter){nodes{${USER}},pageInfo{hasNextPage,hasPreviousPage,startCursor,endCursor}}}}`;

await main(async () => {
  const db = await freshDatabase('graphql');
  const admin = await bootstrapCli(db, 'bench-graphql');
  await withOpen(db, (h) => sql`
    insert into members (org_id, email, email_normalized, name, role, status, source, invited_by, joined_at)
    select ${admin.orgId}::uuid, 'u' || g || '@list.test', 'u' || g || '@list.test', 'User ' || g, 'member', 'active', 'api', 'system:bench', now()
    from generate_series(1, ${USERS - 1}::int) g`.execute(h.db).then(() => sql`analyze members`.execute(h.db)));
  const server = await startServer(db);
  const headers = { ...bearer(admin.token), 'graphql-visibility': 'public', 'user-agent': 'opslevel-go/v2026.7.21 go/go1.25.0 linux/amd64' };

  const invites = await runs(runCount(), (run) => load({
    url: server.url, method: 'POST', path: '/graphql', headers, connections: 16, durationS: 0,
    body: { kind: 'list', items: Array.from({ length: run < 0 ? Math.min(300, N) : N }, (_, i) => ({ body: JSON.stringify({ query: INVITE, variables: { email: `g${run + 1}-${i}@invite.test`, forceSendInvite: true, input: { name: `Person ${i}`, role: 'user' } }, operationName: 'UserInvite' }) })) },
  }), describeLoad);
  if (invites.some((r) => r.non2xx + r.errors > 0)) throw new Error(`userInvite failed: ${invites.flatMap((r) => r.failures).slice(0, 3).join(' | ')}`);
  const rps = summarize(invites.map((r) => r.rps));
  report('graphql', { row: 'GraphQL userInvite, 16 connections', db: db.kind, figure: rps, unit: 'req/s', details: `p99 ${fmt(summarize(invites.map((r) => r.latency.p99)).median)} ms; ${N} invites a run` });

  const listing = await runs(runCount(), async () => {
    const started = performance.now();
    let after = '';
    let seen = 0;
    for (;;) {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: LIST, variables: { after, filter: null, first: 500 }, operationName: 'UserList' }) });
      const body = (await res.json()) as { data?: { account: { users: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } };
      const users = body.data?.account.users;
      if (!users) throw new Error(`ListUsers failed: ${JSON.stringify(body).slice(0, 300)}`);
      seen += users.nodes.length;
      if (!users.pageInfo.hasNextPage) break;
      after = users.pageInfo.endCursor;
    }
    if (seen < USERS) throw new Error(`listed ${seen} users, expected at least ${USERS}`);
    return performance.now() - started;
  }, (ms) => `listed ${USERS.toLocaleString('en')}+ users in ${fmt(ms)} ms`);
  report('graphql', { row: 'GraphQL ListUsers, 10,000 users in pages of 500', db: db.kind, figure: summarize(listing), unit: 'ms' });
});
