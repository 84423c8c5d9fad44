import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bootstrap } from '../support/client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

let s: TestServer;
let apiToken: string;
beforeAll(async () => {
  s = await startTestServer();
  apiToken = (await bootstrap(s, 'bodylimit')).apiToken;
});
afterAll(async () => {
  await s.close();
});

/** 100,001 addresses: about 2.4 MB of JSON, over the 2 MiB limit. */
const oversized = Buffer.from(JSON.stringify({ role: 'member', emails: Array.from({ length: 100_001 }, (_, i) => `person${i}@example.com`) }));

interface Exchange {
  /** Everything the server sent before the socket ended (or the test gave up). */
  received: string;
  /** A write or read error on the socket (EPIPE, ECONNRESET), if any. */
  error: string | undefined;
  ended: boolean;
}

function request(path: string, headers: Record<string, string>, body?: Buffer): string {
  const lines = Object.entries({ host: '127.0.0.1', ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }).map(([k, v]) => `${k}: ${v}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Sends one oversized request the way an HTTP client does (headers, then the whole body) and reads the answer. */
function postOversized(socket: Socket, path: string, headers: Record<string, string>, payload = oversized): Promise<Exchange> {
  return new Promise((resolve) => {
    const exchange: Exchange = { received: '', error: undefined, ended: false };
    const done = () => resolve(exchange);
    socket.on('data', (d: Buffer) => {
      exchange.received += d.toString('latin1');
      const end = exchange.received.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(exchange.received)?.[1] ?? NaN);
      if (end >= 0 && exchange.received.length >= end + 4 + length) done();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      exchange.error = err.code ?? err.message;
      done();
    });
    socket.on('end', () => {
      exchange.ended = true;
      done();
    });
    socket.write(request(path, { 'content-type': 'application/json', authorization: `Bearer ${apiToken}`, ...headers }, payload));
    socket.write(payload);
  });
}

function open(): Promise<Socket> {
  const { port } = new URL(s.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A second request on the same connection: answers unless the server said it would close. */
function followUp(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.removeAllListeners('data');
    socket.removeAllListeners('end');
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (/\r\n\r\n[\s\S]*"status"/.test(text)) resolve(text);
    });
    socket.on('end', () => resolve(text));
    socket.on('error', () => resolve(text));
    socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
  });
}

/** Sends an invitation request whose body arrives one `piece` every 250 ms, and reads the answer. */
async function dripped(headers: Record<string, string>, piece: string): Promise<string> {
  const socket = await open();
  const answer = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (/\r\n\r\n[\s\S]*"code"/.test(text)) resolve(text);
    });
    socket.on('end', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  const head = { host: '127.0.0.1', 'content-type': 'application/json', authorization: `Bearer ${apiToken}`, ...headers };
  socket.write(`POST /api/v1/orgs/bodylimit/invitations HTTP/1.1\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write(piece);
  }, 250);
  try {
    return await answer;
  } finally {
    clearInterval(drip);
    socket.destroy();
  }
}

describe('a body over the limit (issue 6, item 11)', () => {
  test('every try reads the 413 problem, and the Connection header tells the truth', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 10; i++) {
      const socket = await open();
      const answer = await postOversized(socket, '/api/v1/orgs/bodylimit/invitations', {});
      expect(answer.received, `try ${i}: ${answer.error ?? ''}`).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer.received).toContain('"code":"payload_too_large"');
      const closing = /\r\nconnection: close\r\n/i.test(answer.received.slice(0, answer.received.indexOf('\r\n\r\n') + 2));
      if (!closing) expect(await followUp(socket)).toMatch(/^HTTP\/1\.1 200 [\s\S]*"status":"ok"/);
      socket.destroy();
    }
  });

  test('an early answer to a body within the limit (a wrong token) is as readable, and the connection stays usable', { timeout: 60_000 }, async () => {
    const withinLimit = Buffer.from(JSON.stringify({ role: 'member', emails: Array.from({ length: 70_000 }, (_, i) => `person${i}@example.com`) }));
    expect(withinLimit.length).toBeGreaterThan(1_500_000);
    for (let i = 0; i < 10; i++) {
      const socket = await open();
      const answer = await postOversized(socket, '/api/v1/orgs/bodylimit/invitations', { authorization: 'Bearer glt_wrong' }, withinLimit);
      expect(answer.received, `try ${i}: ${answer.error ?? ''}`).toMatch(/^HTTP\/1\.1 401 /);
      const closing = /\r\nconnection: close\r\n/i.test(answer.received.slice(0, answer.received.indexOf('\r\n\r\n') + 2));
      if (!closing) expect(await followUp(socket)).toMatch(/^HTTP\/1\.1 200 [\s\S]*"status":"ok"/);
      socket.destroy();
    }
  });

  test('the identity endpoints refuse a body over 64 KiB with 413 problem+json', async () => {
    const name = 'x'.repeat(3 * 1024 * 1024);
    const res = await fetch(`${s.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.url },
      body: JSON.stringify({ email: 'big@bodylimit.test', password: 'correct horse battery', name }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' });
    const stored = await s.database.db.selectFrom('auth_user').select('id').where('email', '=', 'big@bodylimit.test').execute();
    expect(stored).toEqual([]);
  });

  test('a chunked body within the limit is handed on whole', async () => {
    const json = JSON.stringify({ email: 'chunked@bodylimit.test', password: 'correct horse battery', name: 'Chunked' });
    const parts = [json.slice(0, 10), json.slice(10, 40), json.slice(40)].map((p) => new TextEncoder().encode(p));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const part = parts.shift();
        if (part) controller.enqueue(part);
        else controller.close();
      },
    });
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', headers: { 'content-type': 'application/json', origin: s.url }, body, duplex: 'half' };
    const res = await fetch(`${s.url}/api/auth/sign-up/email`, init);
    expect(res.status).toBe(200);
    const stored = await s.database.db.selectFrom('auth_user').select('name').where('email', '=', 'chunked@bodylimit.test').execute();
    expect(stored).toEqual([{ name: 'Chunked' }]);
  });

  test('a chunked body that drips in slower than the body deadline gets a 408 problem and the connection is closed', { timeout: 30_000 }, async () => {
    const received = await dripped({ 'transfer-encoding': 'chunked' }, '1\r\n \r\n');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received.slice(0, received.indexOf('\r\n\r\n') + 2)).toMatch(/\r\nconnection: close\r\n/i);
    expect(received).toContain('"code":"request_timeout"');
  });
});

describe('a body with a declared length that drips in (issue 6, item 11)', () => {
  test('gets the same 408 problem within the body deadline, not the server timeout much later', { timeout: 30_000 }, async () => {
    const received = await dripped({ 'content-length': '400' }, ' ');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain('"code":"request_timeout"');
  });
});

// REST, SCIM and internal routes read a body with a declared length straight from the connection
// (body-limit.ts readDeclared); only requests over a real socket take that path.
describe('bodies read straight from the connection', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}`, ...headers }, body });

  test('a JSON invite arrives whole, its multi-byte characters intact', async () => {
    const res = await post('/api/v1/orgs/bodylimit/invitations', JSON.stringify({ emails: ['zoe@bodylimit.test'], role: 'member', name: 'Zoë Ærø 山田' }));
    expect(res.status).toBe(200);
    const stored = await s.database.db.selectFrom('members').select('name').where('emailNormalized', '=', 'zoe@bodylimit.test').executeTakeFirst();
    expect(stored).toEqual({ name: 'Zoë Ærø 山田' });
  });

  test('malformed or empty JSON is a 400 problem, and nothing is written', async () => {
    for (const body of ['{"emails": ["broken@bodylimit.test"', '']) {
      const res = await post('/api/v1/orgs/bodylimit/invitations', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await s.database.db.selectFrom('members').select('id').where('emailNormalized', '=', 'broken@bodylimit.test').execute()).toEqual([]);
  });

  test('a body with a declared length that arrives in pieces within the deadline is read whole', async () => {
    const json = JSON.stringify({ emails: ['pieces@bodylimit.test'], role: 'member' });
    const socket = await open();
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (/\r\n\r\n[\s\S]*"counts"/.test(text) || /\r\n\r\n[\s\S]*"code"/.test(text)) resolve(text);
      });
    });
    const head = { host: '127.0.0.1', 'content-type': 'application/json', authorization: `Bearer ${apiToken}`, 'content-length': String(Buffer.byteLength(json)) };
    socket.write(`POST /api/v1/orgs/bodylimit/invitations HTTP/1.1\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`);
    for (const piece of [json.slice(0, 5), json.slice(5, 20), json.slice(20)]) {
      await new Promise((r) => setTimeout(r, 150));
      socket.write(piece);
    }
    const received = await answer;
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toContain('"invited":1');
  });

  test('SCIM and GraphQL bodies over the wire reach their handlers', async () => {
    const token = (await (await post('/api/v1/orgs/bodylimit/api-tokens', JSON.stringify({ name: 'idp', scope: 'scim' }))).json()).token as string;
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scim@bodylimit.test', emails: [{ value: 'scim@bodylimit.test', primary: true }], active: true };
    const created = await post('/scim/v2/Users', JSON.stringify(user), { 'content-type': 'application/scim+json', authorization: `Bearer ${token}` });
    expect(created.status).toBe(201);
    const graphql = await post('/graphql', JSON.stringify({ query: '{account{id}}' }));
    expect(graphql.status).toBe(200);
    expect(await graphql.json()).toMatchObject({ data: { account: { id: expect.any(String) } } });
  });
});
