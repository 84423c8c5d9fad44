import { DeliveryError } from '../delivery-error.ts';

/** Seconds or an HTTP date, as Retry-After allows. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Posts a message to a Slack incoming webhook. 429 (honouring Retry-After), 5xx and network
 * failures are temporary; other refusals are permanent. The URL is a credential: never in errors.
 */
export async function postToSlack(webhookUrl: string, text: string, timeoutMs = 10_000): Promise<void> {
  let res: Response;
  try {
    res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }), signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new DeliveryError(`Slack unreachable: ${(err as Error).name}`, true);
  }
  if (res.ok) return;
  const body = (await res.text().catch(() => '')).slice(0, 200);
  if (res.status === 429) throw new DeliveryError(`Slack 429: rate limited ${body}`.trim(), true, retryAfterMs(res.headers.get('retry-after')));
  throw new DeliveryError(`Slack ${res.status}: ${body}`.trim(), res.status >= 500);
}
