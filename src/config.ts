import { parseAddressOrRange } from './net/cidr.ts';
import { z } from 'zod';
import { checkEmail } from './domain/email.ts';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Which proxies stand in front: `false`, a number of hops whose X-Forwarded-For entries are
 * believed (`true` is one), or the addresses and CIDR ranges of trusted proxies.
 */
export type TrustProxy = false | { hops: number } | { proxies: readonly string[] };

const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (['false', 'no', '0'].includes(lower)) return false;
    if (['true', 'yes'].includes(lower)) return { hops: 1 };
    if (/^\d+$/.test(value) && Number(value) <= 32) return { hops: Number(value) };
    const proxies = value.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    if (proxies.length && proxies.every((p) => parseAddressOrRange(p) !== undefined)) return { proxies };
    ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY must be false, true, a number of proxy hops (1-32), or a comma list of proxy addresses or CIDR ranges' });
    return z.NEVER;
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: 'must be an absolute http:// or https:// URL' })
    .refine((v) => !URL.canParse(v) || !/^[^:]+:\/\/[^/]*@|[?#]/.test(v), 'must be an absolute http(s) URL with no user, query or fragment')
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR: z.coerce.number().int().min(1).default(200),
  TRUST_PROXY: trustProxy.default(false),
  SEED_DEMO: boolish.optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().max(300).refine((v) => parseMailFrom(v) !== undefined, 'must be an email address, optionally with a name: Name <address@example.com>').optional(),
  DEV_MAILBOX: boolish.optional(),
  ALLOW_SIGN_UP: boolish.default(true),
  ORG_CREATION: z.enum(['admins', 'anyone'], { message: 'must be "admins" or "anyone"' }).default('admins'),
  INSTANCE_ADMIN_EMAILS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((e) => checkEmail(e).ok), 'must be a comma-separated list of email addresses')
    .default([]),
  INVITATIONS_PER_DAY_PER_ORG: z.coerce.number().int().min(1).max(100_000_000).default(10_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(50),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WORKER_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/, 'OUTBOUND_ALLOW_HOSTS: comma-separated host or host:port entries')))
    .default([]),
  OUTBOUND_ALLOW_PRIVATE: boolish.default(false),
});

/**
 * MAIL_FROM: a bare address or `Name <address>`; the address must pass the same checks as any
 * invited address, and the name may hold no line breaks (it becomes a header) and, unquoted, none
 * of the characters that would split it into several addresses.
 */
export function parseMailFrom(value: string): { name: string | undefined; address: string } | undefined {
  const match = /^\s*(?:(.*?)\s*<([^<>]*)>|([^<>]*))\s*$/s.exec(value);
  if (!match) return undefined;
  const quoted = /^"(.*)"$/s.exec(match[1] ?? '');
  const name = (quoted ? quoted[1]! : (match[1] ?? '')).trim() || undefined;
  if (name !== undefined && /[\u0000-\u001f\u007f"\\]/.test(name)) return undefined;
  if (name !== undefined && !quoted && /[,;:@()[\]]/.test(name)) return undefined;
  const address = checkEmail(match[2] ?? match[3] ?? '');
  return address.ok ? { name, address: address.email.display } : undefined;
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
  /** PostgreSQL: the longest a statement may run, and wait for a lock (ms; 0: no limit). Migrations have none. */
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  rateLimitPublicPerMinute: number;
  /** Invitation requests a client address, and an organization, may file an hour (shared by every process). */
  requestLimits: { perIpPerHour: number; perOrgPerHour: number };
  /** How the client address is found behind proxies (see TrustProxy). */
  trustProxy: TrustProxy;
  /**
   * On an empty database, `start` creates a first organization and admin and prints them.
   * Default: on for the embedded database, off on PostgreSQL.
   */
  seedDemo: boolean;
  /** Where email goes; unset, it goes to the development mailbox if that is on, and nowhere otherwise. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * Email is kept in the database and shown through /api/v1/dev/mailbox instead of being sent.
   * Default: on only for the first-run demo: the embedded database, no SMTP_URL, SEED_DEMO not off.
   */
  devMailbox: boolean;
  /** Whether anyone may create an account through sign-up (invitation links always can). */
  allowSignUp: boolean;
  /** Who may create organizations through the API: instance admins only, or any signed-in account. */
  orgCreation: 'admins' | 'anyone';
  /** Verified accounts with these (normalized) addresses are instance admins, besides accounts made by `bootstrap`. */
  instanceAdminEmails: string[];
  /** Invitations (new and resent) one organization may send in any 24 hours. */
  invitationsPerDayPerOrg: number;
  /** leaseMs: how long a claimed message is a worker's before another may retry it. */
  worker: { concurrency: number; batchSize: number; maxAttempts: number; leaseMs: number };
  /** Where outbound HTTP (Slack, webhooks) may go beyond https://hooks.slack.com, and whether to private addresses. */
  outbound: { allowHosts: string[]; allowPrivate: boolean };
}

/** Reads and validates the environment once; the only reader of process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    // One line, each bad variable named: operators read it in a log line or a terminal.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.DEV_MAILBOX === true && e.SMTP_URL) {
    throw new Error('Invalid configuration: DEV_MAILBOX: cannot be true while SMTP_URL is set (email goes to the SMTP server); unset one of them');
  }
  // The development mailbox: the first-run demo's, unless the operator says otherwise.
  const devMailbox = e.DEV_MAILBOX ?? (!e.DATABASE_URL && !e.SMTP_URL && e.SEED_DEMO !== false);
  return {
    port: e.PORT,
    // The development mailbox hands out working links: by default it is served on this machine only.
    host: e.HOST ?? (devMailbox ? '127.0.0.1' : '0.0.0.0'),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    poolSize: e.DATABASE_POOL_SIZE,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: e.DATABASE_LOCK_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    rateLimitPublicPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE,
    requestLimits: { perIpPerHour: e.RATE_LIMIT_REQUESTS_PER_IP_PER_HOUR, perOrgPerHour: e.RATE_LIMIT_REQUESTS_PER_ORG_PER_HOUR },
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM?.trim() ?? `Guestlist <no-reply@${new URL(e.PUBLIC_URL ?? 'http://localhost').hostname}>`,
    devMailbox,
    allowSignUp: e.ALLOW_SIGN_UP,
    orgCreation: e.ORG_CREATION,
    instanceAdminEmails: e.INSTANCE_ADMIN_EMAILS.flatMap((a) => {
      const checked = checkEmail(a);
      return checked.ok ? [checked.email.normalized] : [];
    }),
    invitationsPerDayPerOrg: e.INVITATIONS_PER_DAY_PER_ORG,
    worker: { concurrency: e.WORKER_CONCURRENCY, batchSize: e.WORKER_BATCH_SIZE, maxAttempts: e.DELIVERY_MAX_ATTEMPTS, leaseMs: e.WORKER_LEASE_MS },
    outbound: { allowHosts: e.OUTBOUND_ALLOW_HOSTS, allowPrivate: e.OUTBOUND_ALLOW_PRIVATE },
  };
}
