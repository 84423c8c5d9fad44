import type { Context, MiddlewareHandler, Next } from 'hono';
import { problemResponse } from './problem.ts';

/** Beyond this much refused input the connection is closed rather than read to its end. */
const DISCARD_CAP_BYTES = 32 * 1024 * 1024;
/** A refused body that takes longer than this to arrive gets its answer with `Connection: close`. */
const DISCARD_TIMEOUT_MS = 10_000;

type Reader = ReadableStreamDefaultReader<Uint8Array>;

/** Reads the rest of a refused body without keeping it; true when it reached its end within the cap and the time. */
async function discardRest(reader: Reader, alreadyRead: number): Promise<boolean> {
  let read = alreadyRead;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), DISCARD_TIMEOUT_MS);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next === 'timeout') return false;
      if (next.done) return true;
      read += next.value.byteLength;
      if (read > DISCARD_CAP_BYTES) return false;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

function tooLarge(c: Context, message: string, drained: boolean): Response {
  const res = problemResponse(c, 413, 'payload_too_large', message);
  // Unread input is still arriving: say so, rather than promise a connection about to be closed.
  if (!drained) res.headers.set('connection', 'close');
  return res;
}

/**
 * Runs the rest of the chain; when it answered without reading the body (a wrong token, a wrong
 * content type), the body is read and discarded first, so the client reads that answer too.
 */
async function answerAfterBody(c: Context, next: Next): Promise<void> {
  const request = c.req.raw;
  await next();
  const body = request.body;
  if (!body || request.bodyUsed || body.locked) return;
  if (!(await discardRest(body.getReader(), 0))) c.header('connection', 'close');
}

/**
 * Refuses a request body over `maxBytes` with a 413 problem the client can always read: the
 * refused body is read to its end and thrown away before answering (so the connection stays
 * usable), up to a hard cap and time, past which the answer says `Connection: close`. A body
 * sent without a length is counted as it arrives and handed on buffered when it fits. A body
 * within the limit that nobody read is discarded the same way before the answer leaves.
 */
export function boundedBody(options: { maxBytes: number; message: string }): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (declared !== undefined && !chunked) {
      const length = Number(declared);
      if (Number.isSafeInteger(length) && length <= options.maxBytes) return answerAfterBody(c, next);
      if (!(length <= DISCARD_CAP_BYTES)) return tooLarge(c, options.message, false);
      return tooLarge(c, options.message, await discardRest(body.getReader(), 0));
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > options.maxBytes) return tooLarge(c, options.message, await discardRest(reader, size));
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    return next();
  };
}
