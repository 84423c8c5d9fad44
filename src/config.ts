import { z } from 'zod';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  TRUST_PROXY: boolish.default(false),
  SEED_DEMO: boolish.default(true),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).max(300).optional(),
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

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  rateLimitPublicPerMinute: number;
  trustProxy: boolean;
  /** On an empty database, `start` creates a first organization and admin and prints them. */
  seedDemo: boolean;
  /** Unset: email goes to the development mailbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** leaseMs: how long a claimed message is a worker's before another may retry it. */
  worker: { concurrency: number; batchSize: number; maxAttempts: number; leaseMs: number };
  /** Where outbound HTTP (Slack, webhooks) may go beyond https://hooks.slack.com, and whether to private addresses. */
  outbound: { allowHosts: string[]; allowPrivate: boolean };
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
    logLevel: e.LOG_LEVEL,
    rateLimitPublicPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Guestlist <no-reply@${new URL(e.PUBLIC_URL ?? 'http://localhost').hostname}>`,
    worker: { concurrency: e.WORKER_CONCURRENCY, batchSize: e.WORKER_BATCH_SIZE, maxAttempts: e.DELIVERY_MAX_ATTEMPTS, leaseMs: e.WORKER_LEASE_MS },
    outbound: { allowHosts: e.OUTBOUND_ALLOW_HOSTS, allowPrivate: e.OUTBOUND_ALLOW_PRIVATE },
  };
}
