import { request as httpRequest, STATUS_CODES, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './outbound.ts';

export interface PostAnswer {
  status: number;
  /** The standard reason phrase for the status (never the peer's own text). */
  statusLine: string;
  retryAfter: string | undefined;
}

/** A lookup that answers every name with the one address already checked. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (err: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * POSTs a JSON body to `url`, connecting only to `address` (TLS still verifies the URL's host
 * name). Redirects are not followed, and the response body is never read: the connection is
 * dropped once the status line and headers arrive.
 */
export function postJson(url: URL, address: ResolvedAddress, body: unknown, timeoutMs: number): Promise<PostAnswer> {
  const payload = JSON.stringify(body);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(address),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const retryAfter = res.headers['retry-after'];
        res.destroy();
        resolve({ status, statusLine: `${status} ${STATUS_CODES[status] ?? ''}`.trim(), retryAfter });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
