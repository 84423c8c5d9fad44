import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, test } from 'vitest';
import { DeliveryError } from '../../src/worker/delivery-error.ts';
import type { OutgoingEmail } from '../../src/worker/transports/email.ts';
import { dataBlock } from '../../src/worker/transports/smtp-session.ts';
import { classifySmtpError, nodemailerOptions, signInNeedsTls, smtpTarget, smtpTransport } from '../../src/worker/transports/smtp.ts';
import { smtpSessions } from '../../src/worker/transports/smtp-sessions.ts';

// Issue 8 (delivery cost): the email transport speaks SMTP itself for the messages it composes
// (smtp-session.ts); nodemailer's machinery was most of the delivery worker's time. It must still
// do what a mail server expects of a client: pipelining only when offered, STARTTLS and TLS, sign-in,
// dot-stuffing, and a refused message not costing its connection.

interface Peer {
  url: string;
  received: ParsedMail[];
  /** Connections opened so far, and which of them were secured. */
  connections: number;
  secured: number;
  /** Users that signed in, by method. */
  signedIn: string[];
  server: SMTPServer;
}

const peers: Peer[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await new Promise<void>((resolve) => peer.server.close(() => resolve()));
});

async function peer(options: Partial<SMTPServerOptions> = {}, scheme = 'smtp', credentials = ''): Promise<Peer> {
  const state = { received: [] as ParsedMail[], connections: 0, secured: 0, signedIn: [] as string[] };
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    ...options,
    onConnect(session, callback) {
      state.connections++;
      if (session.secure) state.secured++;
      callback();
    },
    onSecure(_socket, _session, callback) {
      state.secured++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 'p@ss:wörd') {
        state.signedIn.push(auth.method);
        return callback(null, { user: auth.username });
      }
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('refused')) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        state.received.push(mail);
        callback();
      }, callback);
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const p: Peer = Object.assign(state, { server, url: `${scheme}://${credentials}127.0.0.1:${port}` });
  peers.push(p);
  return p;
}

const scriptedServers: Server[] = [];
afterEach(async () => {
  for (const server of scriptedServers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A hand-written SMTP server on loopback, to play a server's misbehaviour; its URL. */
async function scripted(serve: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    serve(socket);
  });
  const close = server.close.bind(server);
  server.close = ((callback?: (err?: Error) => void) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  }) as typeof server.close;
  scriptedServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function email(to: string, text = 'Hello.\n.a line that starts with a dot\n..and two\n.\nend'): OutgoingEmail {
  return { orgId: null, notificationId: to, from: 'Guestlist <no-reply@smtp.test>', to, subject: 'Welcome', html: `<p>${text.replace(/\n/g, '<br>\n')}</p>`, text, messageId: `<${to.replace('@', '.')}@smtp.test>` };
}

const trustAny = { rejectUnauthorized: false };

/**
 * A scripted SMTP server offering PIPELINING that takes every command and answers each message's
 * end with `answer()` (undefined: 250, taken; a 421 is said and the connection ended); what it read
 * (chunks as they came), the recipients of the messages it took, and its connections.
 */
async function scriptedSmtp(answer: () => string | undefined) {
  const state = { chunks: [] as string[], delivered: [] as string[], connections: 0 };
  const url = await scripted((socket) => {
    state.connections++;
    socket.write('220 scripted ESMTP\r\n');
    let data: string[] | undefined;
    let buffered = '';
    socket.on('data', (chunk) => {
      state.chunks.push(chunk.toString());
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (data) {
          if (line !== '.') {
            data.push(line);
            continue;
          }
          const to = /^To: (.*)$/m.exec(data.join('\n'))![1]!;
          data = undefined;
          const reply = answer();
          if (reply?.startsWith('421')) return socket.end(`${reply}\r\n`);
          if (!reply) state.delivered.push(to);
          socket.write(`${reply ?? '250 OK'}\r\n`);
        } else if (/^EHLO/.test(line)) socket.write('250-scripted\r\n250 PIPELINING\r\n');
        else if (line === 'DATA') {
          data = [];
          socket.write('354 Go ahead\r\n');
        } else socket.write(line === 'QUIT' ? '221 Bye\r\n' : '250 OK\r\n');
      }
    });
  });
  return Object.assign(state, { url });
}

/** Each send's outcome: sent, or temporary/permanent and the start of its error. */
function outcomes(sends: Promise<void>[]): Promise<string[]> {
  return Promise.all(sends.map((s) => s.then(() => 'sent', (e: DeliveryError) => `${e.temporary ? 'temporary' : 'permanent'} ${e.message.slice(0, 8)}`)));
}

/** Sends to `<name>@smtp.test` for each name, all at once over at most one connection, then closes: each outcome. */
async function sendAtOnce(url: string, names: string[]): Promise<string[]> {
  const transport = smtpTransport(url, { maxConnections: 1 });
  const result = await outcomes(names.map((x) => transport.send(email(`${x}@smtp.test`))));
  await transport.close();
  return result;
}

/** The first message's end gets `reply`, the others are taken. */
function firstOnly(reply: string): () => string | undefined {
  let seen = 0;
  return () => (++seen === 1 ? reply : undefined);
}

describe('the transport speaking SMTP itself', () => {
  test('dot-stuffing: lines starting with dots arrive as written, in both parts', async () => {
    const p = await peer();
    const transport = smtpTransport(p.url);
    await transport.send(email('dots@smtp.test'));
    await transport.close();
    expect(p.received).toHaveLength(1);
    expect(p.received[0]!.text).toBe('Hello.\n.a line that starts with a dot\n..and two\n.\nend');
    expect(p.received[0]!.html).toContain('.a line that starts with a dot<br>\n..and two<br>\n.<br>\nend');
    expect(dataBlock('a\n.b\r\n..c\n.')).toBe('a\r\n..b\r\n...c\r\n..\r\n.\r\n');
    expect(dataBlock('.first\r\n')).toBe('..first\r\n.\r\n');
    expect(dataBlock('no dot.\nat a line start.')).toBe('no dot.\r\nat a line start.\r\n.\r\n');
    // Line ends already CRLF (a composed message) are kept; a bare LF anywhere, first line too, is made CRLF.
    expect(dataBlock('a\r\nb\r\n')).toBe('a\r\nb\r\n.\r\n');
    expect(dataBlock('\na\r\nb\n')).toBe('\r\na\r\nb\r\n.\r\n');
  });

  test('with and without PIPELINING, many messages on few connections; a refused recipient keeps its connection', async () => {
    for (const hidePIPELINING of [false, true]) {
      const p = await peer({ hidePIPELINING });
      const transport = smtpTransport(p.url, { maxConnections: 2 });
      const sends = Array.from({ length: 20 }, (_, i) => transport.send(email(i % 5 === 4 ? `refused${i}@smtp.test` : `ok${i}@smtp.test`)));
      const outcomes = await Promise.allSettled(sends);
      await transport.close();
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as DeliveryError);
      expect(refused).toHaveLength(4);
      for (const error of refused) {
        expect(error).toBeInstanceOf(DeliveryError);
        expect(error.message).toMatch(/^SMTP 550: RCPT TO: 550 Mailbox unavailable/);
        expect(error.temporary).toBe(false);
      }
      expect(p.received.map((m) => m.messageId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 5 !== 4).map((i) => `<ok${i}.smtp.test@smtp.test>`).sort());
      expect(p.connections).toBeLessThanOrEqual(2);
    }
  });

  test('STARTTLS when offered; a certificate not trusted sends nothing and is a temporary failure', async () => {
    const p = await peer({ disabledCommands: ['AUTH'] });
    const trusting = smtpTransport(p.url, { tls: trustAny });
    await trusting.send(email('tls@smtp.test'));
    await trusting.close();
    expect(p.received).toHaveLength(1);
    expect(p.secured).toBe(1);
    const strict = smtpTransport(p.url);
    const error = await strict.send(email('strict@smtp.test')).then(() => undefined, (e: unknown) => e as DeliveryError);
    await strict.close();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error!.temporary).toBe(true);
    expect(p.received).toHaveLength(1);
  });

  test('smtps:// is TLS from the first byte', async () => {
    const p = await peer({ secure: true, disabledCommands: ['AUTH'] }, 'smtps');
    const transport = smtpTransport(p.url, { tls: trustAny });
    await transport.send(email('implicit@smtp.test'));
    await transport.close();
    expect(p.received).toHaveLength(1);
    expect(p.secured).toBeGreaterThanOrEqual(1);
  });

  test('signs in with the URL credentials (PLAIN, or LOGIN when that is all it offers); a wrong password fails for good', async () => {
    for (const method of ['PLAIN', 'LOGIN']) {
      const p = await peer({ disabledCommands: ['STARTTLS'], authMethods: [method], allowInsecureAuth: true, authOptional: false }, 'smtp', `mailer:${encodeURIComponent('p@ss:wörd')}@`);
      const transport = smtpTransport(p.url);
      await transport.send(email(`auth-${method.toLowerCase()}@smtp.test`));
      await transport.close();
      expect(p.received).toHaveLength(1);
      expect(p.signedIn).toEqual([method]);
      const wrong = smtpTransport(p.url.replace(/mailer:[^@]*@/, 'mailer:nope@'));
      const error = await wrong.send(email('wrong@smtp.test')).then(() => undefined, (e: unknown) => e as DeliveryError);
      await wrong.close();
      expect(error!.message).toMatch(/535/);
      expect(error!.temporary).toBe(false);
      expect(p.received).toHaveLength(1);
    }
  });

  test('credentials go unencrypted only to this machine: a server elsewhere without STARTTLS is refused before AUTH, and nothing is sent', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'], authMethods: ['PLAIN'], allowInsecureAuth: true, authOptional: false }, 'smtp', `mailer:${encodeURIComponent('p@ss:wörd')}@`);
    const here = smtpTarget(p.url, 2000)!;
    expect(here.signInWithoutTls).toBe(true);
    // The same server, as if it were elsewhere (tests reach only this machine).
    const elsewhere = smtpSessions({ ...here, signInWithoutTls: false }, 1);
    const error = await elsewhere.send('from@smtp.test', 'far@smtp.test', 'Subject: x\r\n\r\nbody\r\n').then(() => undefined, (e: unknown) => e as Error);
    await elsewhere.close();
    expect(error?.message).toMatch(/did not offer STARTTLS.*only sent encrypted/);
    // As the transport reports it to the worker: a temporary failure (retried, then failed for good)
    // whose reason is what the notification shows (PRODUCT: delivered or visibly failed).
    const reported = classifySmtpError(error);
    expect(reported.temporary).toBe(true);
    expect(reported.message).toMatch(/did not offer STARTTLS/);
    expect(p.signedIn).toEqual([]);
    expect(p.received).toHaveLength(0);
    // The URL as it is names this machine: the transport signs in.
    const transport = smtpTransport(p.url);
    await transport.send(email('near@smtp.test'));
    await transport.close();
    expect(p.signedIn).toEqual(['PLAIN']);
  });

  test('which URLs must sign in encrypted: credentials, not smtps://, a server elsewhere; nodemailer is told requireTLS unless the URL says otherwise', () => {
    for (const url of ['smtp://u:p@mail.example.com:587', 'smtp://u:p@mail.example.com:587?pool=true', 'smtp://u:p@[2001:db8::1]:587', 'smtp://u:p@unknown:25', 'smtp://:p@mail.example.com:25', 'smtp://u:p@127.1:25']) {
      expect(signInNeedsTls(url), url).toBe(true);
    }
    // nodemailer opens smtp:// in plain text on any port, 465 too.
    expect(signInNeedsTls('smtp://u:p@mail.example.com:465')).toBe(true);
    expect(signInNeedsTls('smtp://mail.example.com:25')).toBe(false);
    expect(signInNeedsTls('smtps://u:p@mail.example.com')).toBe(false);
    for (const local of ['localhost', 'LOCALHOST.', '127.0.0.1', '127.0.0.53', '[::1]', '[::ffff:127.0.0.1]']) {
      expect(signInNeedsTls(`smtp://u:p@${local}:2525`), local).toBe(false);
      expect(smtpTarget(`smtp://u:p@${local}:2525`, 1000)?.signInWithoutTls, local).toBe(true);
    }
    expect(smtpTarget('smtp://u:p@mail.example.com', 1000)?.signInWithoutTls).toBe(false);
    const resolved = (url: string) => {
      const transport = nodemailer.createTransport(nodemailerOptions(url, 1, 1000)) as unknown as { transporter: { options: { requireTLS?: boolean } }; close(): void };
      transport.close();
      return transport.transporter.options.requireTLS;
    };
    expect(resolved('smtp://u:p@mail.example.com:587?pool=true')).toBe(true);
    expect(resolved('smtp://u:p@mail.example.com:587?requireTLS=false')).toBe(false);
    expect(resolved('smtp://u:p@127.0.0.1:587?pool=true')).toBe(false);
  });

  test('a connection the server closed is replaced for the next message', async () => {
    const p = await peer();
    const transport = smtpTransport(p.url, { maxConnections: 1 });
    await transport.send(email('before@smtp.test'));
    for (const connection of (p.server as unknown as { connections: Set<{ close(): void }> }).connections) connection.close();
    await new Promise((r) => setTimeout(r, 100));
    await transport.send(email('after@smtp.test'));
    await transport.close();
    expect(p.received.map((m) => m.messageId)).toEqual(['<before.smtp.test@smtp.test>', '<after.smtp.test@smtp.test>']);
    expect(p.connections).toBe(2);
  });

  test('a server that answers 421 and hangs up: that message is a temporary failure, the next goes on a new connection', async () => {
    const server = await scriptedSmtp(firstOnly('421 4.3.2 Shutting down'));
    // One transport: the second message finds the first one's connection gone and opens another.
    const transport = smtpTransport(server.url, { maxConnections: 1 });
    expect(await outcomes([transport.send(email('first@smtp.test'))])).toEqual(['temporary SMTP 421']);
    expect(await outcomes([transport.send(email('second@smtp.test'))])).toEqual(['sent']);
    await transport.close();
    expect(server.delivered).toEqual(['second@smtp.test']);
    expect(server.connections).toBe(2);
  });

  // RFC 2920 3.1: a message's data may start a group, so on a busy connection the next message's
  // MAIL, RCPT and DATA go out in the same write as the data before it: one write and one wait a message.
  test('messages queued on one connection: each one\'s data carries the next one\'s commands; a refusal or a hang-up after the data', async () => {

    // All accepted: three messages, one connection, and the server read each message's end and the next MAIL together.
    const ok = await scriptedSmtp(() => undefined);
    expect(await sendAtOnce(ok.url, ['a', 'b', 'c'])).toEqual(['sent', 'sent', 'sent']);
    expect(ok.delivered).toEqual(['a@smtp.test', 'b@smtp.test', 'c@smtp.test']);
    expect(ok.connections).toBe(1);
    expect(ok.chunks.filter((c) => c.includes('\r\n.\r\nMAIL FROM:<no-reply@smtp.test>\r\nRCPT TO:<'))).toHaveLength(2);

    // The first message's data refused for good: it fails alone; the next, already announced, is sent on the same connection.
    const firstRefused = await scriptedSmtp(firstOnly('554 5.6.0 Message refused'));
    expect(await sendAtOnce(firstRefused.url, ['a', 'b'])).toEqual(['permanent SMTP 554', 'sent']);
    expect(firstRefused.delivered).toEqual(['b@smtp.test']);
    expect(firstRefused.connections).toBe(1);

    // A server that hangs up after every message it takes (no 421): each message queued behind another
    // never had its data sent, and is tried again first on a new connection until it goes.
    const oneEach = await scriptedSmtp(() => undefined);
    const ends = await scripted((socket) => {
      const upstream = createConnection(Number(new URL(oneEach.url).port), '127.0.0.1');
      upstream.on('error', () => {});
      socket.pipe(upstream);
      let replies = '';
      upstream.on('data', (chunk: Buffer) => {
        replies += chunk.toString();
        socket.write(chunk);
        // The first "250 OK" after a 354 is the message taken: then the connection ends.
        const afterData = replies.split('354 Go ahead\r\n')[1];
        if (afterData?.includes('250 OK\r\n')) {
          socket.end();
          upstream.destroy();
        }
      });
    });
    expect(await sendAtOnce(ends, ['a', 'b', 'c', 'd', 'e'])).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(oneEach.delivered.sort()).toEqual(['a', 'b', 'c', 'd', 'e'].map((x) => `${x}@smtp.test`));

    // A 421 and hang-up after the first message's data: that one is a temporary failure (the server may
    // or may not have taken it); the next never had its data sent, so it goes on a new connection.
    const hangingUp = await scriptedSmtp(firstOnly('421 4.3.2 Shutting down'));
    expect(await sendAtOnce(hangingUp.url, ['a', 'b'])).toEqual(['temporary SMTP 421', 'sent']);
    expect(hangingUp.delivered).toEqual(['b@smtp.test']);
    expect(hangingUp.connections).toBe(2);
  });

  test('a server silent after agreeing to STARTTLS, or answering nonsense, fails within the timeout as temporary', async () => {
    const silent = await scripted((socket) => {
      socket.write('220 scripted ESMTP\r\n');
      socket.on('data', (chunk) => {
        const text = chunk.toString();
        if (text.startsWith('EHLO')) socket.write('250-scripted\r\n250 STARTTLS\r\n');
        else if (text.startsWith('STARTTLS')) socket.write('220 Ready\r\n');
      });
    });
    const nonsense = await scripted((socket) => {
      socket.write('220 scripted ESMTP\r\n');
      socket.on('data', () => socket.write('\r\n250 OK\r\n'));
    });
    for (const url of [silent, nonsense]) {
      const transport = smtpTransport(url, { timeoutMs: 300 });
      const started = Date.now();
      const error = await transport.send(email('never@smtp.test')).then(() => undefined, (e: unknown) => e as DeliveryError);
      await transport.close();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(DeliveryError);
      expect(error!.temporary).toBe(true);
      expect(error!.message).toMatch(url === silent ? /ETIMEDOUT/ : /EPROTOCOL/);
    }
  });

  test('closing while messages wait for a connection: the one under way is sent, the waiting ones fail as temporary', async () => {
    const p = await peer();
    const transport = smtpTransport(p.url, { maxConnections: 1 });
    const sends = ['a', 'b', 'c', 'd'].map((x) => transport.send(email(`${x}@smtp.test`)).then(() => 'sent', (e: unknown) => (e as DeliveryError).temporary ? 'temporary' : 'permanent'));
    await new Promise((r) => setTimeout(r, 20));
    await transport.close();
    expect(await Promise.all(sends)).toEqual(['sent', 'temporary', 'temporary', 'temporary']);
    expect(p.received).toHaveLength(1);
  });

  test('closing while messages are queued on a connection (PIPELINING): they are under way, and each arrives whole', async () => {
    const p = await peer();
    const transport = smtpTransport(p.url, { maxConnections: 1 });
    const sends = ['a', 'b', 'c', 'd'].map((x) => transport.send(email(`${x}@smtp.test`)).then(() => 'sent', (e: unknown) => (e as Error).message));
    // Once the first is sent the other three are on its connection, the next one's commands already written.
    await sends[0];
    await transport.close();
    expect(await Promise.all(sends)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(p.received.map((m) => m.messageId)).toEqual(['a', 'b', 'c', 'd'].map((x) => `<${x}.smtp.test@smtp.test>`));
    for (const m of p.received) expect(m.text).toBe('Hello.\n.a line that starts with a dot\n..and two\n.\nend');
    expect(p.connections).toBe(1);
  });

  test('which URLs it serves itself: smtp:// and smtps://, not one with settings for nodemailer', () => {
    expect(smtpTarget('smtp://mail.example.com', 1000)).toMatchObject({ host: 'mail.example.com', port: 587, secure: false, user: undefined });
    expect(smtpTarget('smtps://u%40x:p%3Aw@mail.example.com', 1000)).toMatchObject({ port: 465, secure: true, user: 'u@x', pass: 'p:w' });
    expect(smtpTarget('smtp://mail.example.com:465', 1000)).toMatchObject({ port: 465, secure: true });
    expect(smtpTarget('smtp://[::1]:2525', 1000)).toMatchObject({ host: '::1', port: 2525 });
    expect(smtpTarget('smtp://mail.example.com?tls.rejectUnauthorized=false', 1000)).toBeUndefined();
  });
});
