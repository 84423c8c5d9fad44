import { checkOutboundTarget, type OutboundPolicy, type Resolve } from '../../net/outbound.ts';
import { postJson } from '../../net/post.ts';
import { DeliveryError } from '../delivery-error.ts';

/** Seconds or an HTTP date, as Retry-After allows. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

export interface SlackOptions {
  policy: OutboundPolicy;
  resolve?: Resolve | undefined;
  timeoutMs?: number | undefined;
}

/**
 * Posts a message to a Slack incoming webhook, if the outbound policy allows the URL now (checked
 * again at every send, and the connection pinned to the checked address). 429 (honouring
 * Retry-After), 5xx and network failures are temporary; a redirect and other refusals are
 * permanent. Errors carry only a status line: never the URL (a credential) nor the response body.
 */
export async function postToSlack(webhookUrl: string, text: string, options: SlackOptions): Promise<void> {
  const target = await checkOutboundTarget(webhookUrl, options.policy, options.resolve);
  if (!target.ok) throw new DeliveryError(`Slack URL refused: ${target.reason}`, target.temporary);
  let answer;
  try {
    answer = await postJson(target.url, target.address, { text }, options.timeoutMs ?? 10_000);
  } catch (err) {
    throw new DeliveryError(`Slack unreachable: ${(err as Error).name}`, true);
  }
  if (answer.status >= 200 && answer.status < 300) return;
  const line = `Slack ${answer.statusLine}`;
  if (answer.status >= 300 && answer.status < 400) throw new DeliveryError(`${line}: redirect refused`, false);
  if (answer.status === 429) throw new DeliveryError(line, true, retryAfterMs(answer.retryAfter));
  throw new DeliveryError(line, answer.status >= 500);
}
