import { isIP } from 'node:net';
import { z } from 'zod';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Which proxies stand in front: `false`, a number of hops whose X-Forwarded-For entries are
 * believed (`true` is one), or the addresses and CIDR ranges of trusted proxies.
 */
export type TrustProxy = false | { hops: number } | { proxies: readonly string[] };

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (['false', 'no', '0'].includes(lower)) return false;
    if (['true', 'yes'].includes(lower)) return { hops: 1 };
    if (/^\d+$/.test(value) && Number(value) <= 32) return { hops: Number(value) };
    const proxies = value.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    if (proxies.length && proxies.every(isAddressOrRange)) return { proxies };
    ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY must be false, true, a number of proxy hops (1-32), or a comma list of proxy addresses or CIDR ranges' });
    return z.NEVER;
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url({ message: 'PUBLIC_URL must be an absolute http(s) URL' }).optional(),
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
  TRUST_PROXY: trustProxy.default(false),
  SEED_DEMO: boolish.default(true),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).max(300).optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(50),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WORKER_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
});

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
  /** How the client address is found behind proxies (see TrustProxy). */
  trustProxy: TrustProxy;
  /** On an empty database, `start` creates a first organization and admin and prints them. */
  seedDemo: boolean;
  /** Unset: email goes to the development mailbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** leaseMs: how long a claimed message is a worker's before another may retry it. */
  worker: { concurrency: number; batchSize: number; maxAttempts: number; leaseMs: number };
}

/** Reads and validates the environment once; the only reader of process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    poolSize: e.DATABASE_POOL_SIZE,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: e.DATABASE_LOCK_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    rateLimitPublicPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Guestlist <no-reply@${new URL(e.PUBLIC_URL ?? 'http://localhost').hostname}>`,
    worker: { concurrency: e.WORKER_CONCURRENCY, batchSize: e.WORKER_BATCH_SIZE, maxAttempts: e.DELIVERY_MAX_ATTEMPTS, leaseMs: e.WORKER_LEASE_MS },
  };
}
