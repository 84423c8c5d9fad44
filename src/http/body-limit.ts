import type { Context, MiddlewareHandler } from 'hono';
import { problemResponse } from './problem.ts';

/** Beyond this much refused input the connection is closed rather than read to its end. */
const DISCARD_CAP_BYTES = 32 * 1024 * 1024;
/**
 * A body this middleware reads (refused, or sent without a length) must arrive within this time
 * of the first read; past it the answer says `Connection: close`. The server's own request
 * timeout (main.ts) is longer, so this answer is the one the client gets.
 */
export const BODY_TIMEOUT_MS = 10_000;

type Reader = ReadableStreamDefaultReader<Uint8Array>;
type Read = ReadableStreamReadResult<Uint8Array> | 'timeout';

/** A point in time shared by every read of one body. */
interface Deadline {
  timedOut: Promise<'timeout'>;
  cancel(): void;
}

function startDeadline(): Deadline {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), BODY_TIMEOUT_MS);
  });
  return { timedOut, cancel: () => clearTimeout(timer) };
}

/** Reads the rest of a refused body without keeping it; true when it reached its end within the cap and the deadline. */
async function discardRest(reader: Reader, alreadyRead: number, deadline: Deadline): Promise<boolean> {
  let read = alreadyRead;
  try {
    for (;;) {
      const next: Read = await Promise.race([reader.read(), deadline.timedOut]);
      if (next === 'timeout') return false;
      if (next.done) return true;
      read += next.value.byteLength;
      if (read > DISCARD_CAP_BYTES) return false;
    }
  } catch {
    return false;
  } finally {
    deadline.cancel();
    reader.releaseLock();
  }
}

function tooLarge(c: Context, message: string, drained: boolean): Response {
  const res = problemResponse(c, 413, 'payload_too_large', message);
  // Unread input is still arriving: say so, rather than promise a connection about to be closed.
  if (!drained) res.headers.set('connection', 'close');
  return res;
}

/** The held chunks as a body that lets go of each chunk once it is read (no second copy of the whole). */
function replay(chunks: (Uint8Array | undefined)[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i];
      chunks[i++] = undefined;
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

/**
 * Reads a body up to `maxBytes` (whatever length it declared) and the deadline: the held chunks,
 * or the answer to give instead (413 when it grew too large, 408 when it arrived too slowly).
 */
async function readCounted(c: Context, body: ReadableStream<Uint8Array>, options: { maxBytes: number; message: string }): Promise<Uint8Array[] | Response> {
  const reader = body.getReader();
  const deadline = startDeadline();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next: Read = await Promise.race([reader.read(), deadline.timedOut]);
      if (next === 'timeout') {
        const res = problemResponse(c, 408, 'request_timeout', `The request body did not arrive within ${BODY_TIMEOUT_MS / 1000} s.`);
        res.headers.set('connection', 'close');
        return res;
      }
      if (next.done) return chunks;
      size += next.value.byteLength;
      if (size > options.maxBytes) {
        chunks.length = 0;
        return tooLarge(c, options.message, await discardRest(reader, size, deadline));
      }
      chunks.push(next.value);
    }
  } finally {
    deadline.cancel();
  }
}

/** Whether the request came over HTTP/1.x from the Node server (in-process requests did not). */
function isHttp1(c: Context): boolean {
  const incoming = (c.env as { incoming?: { httpVersionMajor?: number } } | undefined)?.incoming;
  return incoming?.httpVersionMajor === 1;
}

/**
 * The body of an HTTP/1 request that declared its length (within the bound), read straight from
 * the connection into the request's body cache, for routes that read it through Hono's request
 * (`c.req.json()`, `c.req.text()`): Node's parser never passes more than the declared length, so
 * nothing needs counting, and no web stream or second Request is built (they were most of this
 * middleware's cost on small JSON bodies). `c.req.json()` parses the cached text.
 */
async function readDeclared(c: Context): Promise<Response | undefined> {
  const deadline = startDeadline();
  try {
    const text = c.req.text();
    if ((await Promise.race([text, deadline.timedOut])) === 'timeout') {
      const res = problemResponse(c, 408, 'request_timeout', `The request body did not arrive within ${BODY_TIMEOUT_MS / 1000} s.`);
      res.headers.set('connection', 'close');
      return res;
    }
    return undefined;
  } finally {
    deadline.cancel();
  }
}

/**
 * Refuses a request body over `maxBytes` with a 413 problem the client can always read: the
 * refused body is read to its end and thrown away before answering (so the connection stays
 * usable), up to a hard cap and time, past which the answer says `Connection: close`. Any other
 * body is read in full before the handler runs, so an early answer (a wrong token) still leaves
 * the connection usable, and one that does not arrive within BODY_TIMEOUT_MS, with a length or
 * without, is answered 408 with `Connection: close`. Paths matching `readThroughHono` (their
 * handlers read the body only through Hono's request) may be read straight from the connection
 * (readDeclared).
 */
export function boundedBody(options: { maxBytes: number; message: string; readThroughHono?: RegExp }): MiddlewareHandler {
  return async (c, next) => {
    const declared = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    // An HTTP/1.1 request with neither header has no body: touching it would only build one.
    if (declared === undefined && !chunked && isHttp1(c)) return next();
    if (options.readThroughHono?.test(c.req.path) && declared !== undefined && !chunked && isHttp1(c) && /^\d+$/.test(declared) && Number(declared) <= options.maxBytes) {
      return (await readDeclared(c)) ?? next();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    if (declared !== undefined && !chunked) {
      const length = Number(declared);
      if (!(Number.isSafeInteger(length) && length <= options.maxBytes)) {
        if (!(length <= DISCARD_CAP_BYTES)) return tooLarge(c, options.message, false);
        return tooLarge(c, options.message, await discardRest(body.getReader(), 0, startDeadline()));
      }
    }
    const read = await readCounted(c, body, options);
    if (read instanceof Response) return read;
    const init: RequestInit & { duplex: 'half' } = { body: replay(read), duplex: 'half' };
    c.req.raw = new Request(c.req.raw, init);
    return next();
  };
}
