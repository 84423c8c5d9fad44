import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

export type LogLevel = LevelWithSilent;

/**
 * Field paths whose values are secrets (tokens, passwords, cookies, links that carry a token).
 * Log calls should not pass them at all; this is the net under that habit.
 */
const REDACTED_PATHS = [
  'token',
  '*.token',
  'apiToken',
  '*.apiToken',
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'secret',
  '*.secret',
  'inviteUrl',
  '*.inviteUrl',
  'resetUrl',
  '*.resetUrl',
  'verifyUrl',
  '*.verifyUrl',
  'confirmUrl',
  '*.confirmUrl',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * The one logger factory: JSON lines with secrets redacted. Every process (server, worker, CLI)
 * builds its logger here. `destination` is for tests that capture the lines.
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  const settings = { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

type IdentityLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One argument of an identity library log call as a plain, JSON-safe value (errors by name and message). */
function plainArgument(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return String(value);
  }
}

/** The least severe identity library level our logger would still write. */
function identityLevel(logger: Logger): IdentityLogLevel {
  if (logger.isLevelEnabled('debug')) return 'debug';
  if (logger.isLevelEnabled('info')) return 'info';
  if (logger.isLevelEnabled('warn')) return 'warn';
  return 'error';
}

/**
 * The identity library's `logger` option, writing through ours: its message (which may embed
 * request input) becomes the escaped `detail` field of a fixed-message JSON line, never raw text.
 */
export function identityLogger(logger: Logger) {
  const child = logger.child({ component: 'identity' });
  return {
    disabled: logger.level === 'silent',
    disableColors: true,
    level: identityLevel(logger),
    log: (level: IdentityLogLevel, message: string, ...args: unknown[]) => {
      child[level]({ detail: String(message), ...(args.length ? { args: args.map(plainArgument) } : {}) }, 'identity library');
    },
  };
}
