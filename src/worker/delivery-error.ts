/**
 * Why a delivery attempt failed. Temporary failures (connection refused, timeouts, SMTP 4xx,
 * Slack 429/5xx) are retried with backoff; permanent ones (SMTP 5xx, a template that throws, a
 * rejected webhook) end the message as failed.
 */
export class DeliveryError extends Error {
  readonly temporary: boolean;
  /** The peer's own wait (Slack's Retry-After), when it gave one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, temporary: boolean, retryAfterMs?: number) {
    super(message);
    this.name = 'DeliveryError';
    this.temporary = temporary;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The wait before attempt `attempts + 1`: exponential from 2 s, capped at 1 h, with ±25 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(2000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.75 + random() * 0.5));
}
