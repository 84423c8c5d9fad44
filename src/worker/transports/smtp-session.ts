import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import { crlfLines } from './mime-message.ts';

/**
 * One SMTP connection of the email transport (RFC 5321): greeting, EHLO (HELO when EHLO is
 * refused), STARTTLS when the server offers it on a plain connection (RFC 3207), AUTH PLAIN or
 * LOGIN when the URL carries credentials (RFC 4954; only over an encrypted connection, unless the
 * server is on this machine: see SmtpTarget.signInWithoutTls), then messages in turn: MAIL, RCPT and DATA
 * written together when the server offers PIPELINING (RFC 2920), the message dot-stuffed and ended
 * in one write, followed in that write by the next queued message's MAIL, RCPT and DATA. On a busy
 * connection one write and one wait a message, instead of nodemailer's five or more writes through
 * its chain of streams: each write wakes the server, and that was the delivery worker's largest
 * cost (bench/RESULTS.md).
 */

/** Where and how to connect (from SMTP_URL; smtp.ts). */
export interface SmtpTarget {
  host: string;
  port: number;
  /** TLS from the start (smtps://, or port 465), instead of STARTTLS when offered. */
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  /**
   * Whether the user name and password may go over a connection that is not encrypted (the server
   * offers no STARTTLS): only to a server on this machine (smtpTarget), as Go's net/smtp does.
   * Elsewhere anyone on the path could read them, so the session refuses to sign in.
   */
  signInWithoutTls: boolean;
  /** Every wait for the server (connecting, each answer). */
  timeoutMs: number;
  /** Extra TLS settings (tests: a server's self-signed certificate). */
  tls?: tls.ConnectionOptions | undefined;
}

/** An answer the server gave that was not the one wanted; `responseCode` as nodemailer names it (classifySmtpError). */
export class SmtpReplyError extends Error {
  override name = 'SmtpReplyError';
  readonly command: string;
  readonly responseCode: number;
  constructor(command: string, responseCode: number, text: string) {
    super(`${command}: ${responseCode} ${text}`);
    this.command = command;
    this.responseCode = responseCode;
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** A message queued on a connection: who waits for it, and the answers to its commands once they went out. */
interface Transaction {
  from: string;
  to: string;
  message: string;
  resolve(): void;
  reject(error: unknown): void;
  /** Written with the data of the message before it (PIPELINING). */
  commands?: Promise<Reply>[];
}

/** A message whose data never left: its connection broke first (`reason`); it may be sent on another. */
export class NotSentError extends Error {
  override name = 'NotSentError';
  readonly reason: Error;
  constructor(reason: Error) {
    super(`Not sent: ${reason.message}`);
    this.reason = reason;
  }
}

/** The server's answer to `what` as the error it is, when it was not the one wanted. */
function refusal(what: string, reply: Reply): SmtpReplyError {
  return new SmtpReplyError(what, reply.code, reply.lines.join(' '));
}

/** A message's transaction: each command, as errors name it, and the answers that let it go on. */
const TRANSACTION = [
  { what: 'MAIL FROM', command: (from: string) => `MAIL FROM:<${from}>`, wanted: [250] },
  { what: 'RCPT TO', command: (_from: string, to: string) => `RCPT TO:<${to}>`, wanted: [250, 251] },
  { what: 'DATA', command: () => 'DATA', wanted: [354] },
];

/** A message's commands, written together (PIPELINING): each line ended. */
function commandLines(from: string, to: string): string {
  return TRANSACTION.map((step) => `${step.command(from, to)}\r\n`).join('');
}

/** The name this client gives in EHLO: the machine's, if fully qualified, else its address literal (as nodemailer). */
function clientName(): string {
  const host = os.hostname();
  return host.includes('.') && !/^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? host : '[127.0.0.1]';
}

/** A reply line: a code from 200 to 599, then a space, a hyphen (more lines follow) or nothing. */
const REPLY_LINE = /^[2-5]\d\d(?:[ -]|$)/;
/** Longer than any reply line a server may send (RFC 5321: 512 octets). */
const MAX_LINE = 64 * 1024;
/** More lines than any reply (an EHLO lists a few dozen extensions at most). */
const MAX_REPLY_LINES = 1_000;

function failure(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The session would have to send the URL's credentials unencrypted to a server elsewhere. */
function signInRefused(target: SmtpTarget): Error {
  return failure(
    `The SMTP server at ${target.host}:${target.port} did not offer STARTTLS, and the user name and password in SMTP_URL are only sent encrypted (or to this machine). ` +
      'Use smtps://, or a server that offers STARTTLS; on a network you trust, add requireTLS=false to the URL\'s query to send them unencrypted (all mail then goes through nodemailer).',
    'ENOTLS',
  );
}

/** Lines starting with a dot get another (RFC 5321 4.5.2); line ends made CRLF; then the end of the data. */
export function dataBlock(message: string): string {
  const lines = crlfLines(message);
  const crlf = lines.startsWith('.') || lines.includes('\n.') ? lines.replace(/(^|\n)\./g, '$1..') : lines;
  return `${crlf}${crlf.endsWith('\r\n') ? '' : '\r\n'}.\r\n`;
}

export class SmtpSession {
  private socket: net.Socket;
  private received = '';
  private continued: string[] = [];
  private waiting: Array<{ resolve(reply: Reply): void; reject(error: Error): void }> = [];
  private broken: Error | undefined;
  private extensions = new Set<string>();
  private authMethods: string[] = [];
  private queue: Transaction[] = [];
  private current: Transaction | undefined;

  private readonly target: SmtpTarget;

  private constructor(socket: net.Socket, target: SmtpTarget) {
    this.target = target;
    this.socket = socket;
    this.attach(socket);
  }

  /** Connects, greets, secures and signs in; rejects with what the server or the network said. */
  static async open(target: SmtpTarget): Promise<SmtpSession> {
    const socket = await connect(target);
    const session = new SmtpSession(socket, target);
    try {
      await session.expect('greeting', session.reply(), [220]);
      await session.hello();
      const startTls = !target.secure && session.extensions.has('STARTTLS');
      if (startTls) {
        await session.expect('STARTTLS', session.write('STARTTLS'), [220]);
        await session.upgrade();
        await session.hello();
      }
      if (target.user !== undefined) {
        if (!target.secure && !startTls && !target.signInWithoutTls) throw signInRefused(target);
        await session.authenticate(target.user, target.pass ?? '');
      }
      return session;
    } catch (error) {
      session.fail(error as Error);
      throw error;
    }
  }

  /** Whether the connection can carry another message. */
  get usable(): boolean {
    return this.broken === undefined;
  }

  /**
   * Sends one message to one recipient; rejects with SmtpReplyError when the server refuses it
   * (the connection stays usable: the transaction is reset), with the network's error once the
   * message's data was written, or with NotSentError when the connection broke before that (the
   * message never left: another connection may take it). Messages queue on the connection; with
   * PIPELINING each one's commands go out in the same write as the data of the one before it, so a
   * busy connection writes once a message and waits for one answer a message.
   */
  send(from: string, to: string, message: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ from, to, message, resolve, reject });
      // Nothing under way: nobody is working the queue (the loop keeps `current` set across its only wait).
      if (!this.current) void this.work();
    });
  }

  /** Messages queued on this connection or under way on it. */
  get load(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  /** Whether messages may queue behind one another here (the server offers PIPELINING). */
  get pipelining(): boolean {
    return this.extensions.has('PIPELINING');
  }

  private async work(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const transaction = next;
      if (this.broken) {
        transaction.reject(new NotSentError(this.broken));
        continue;
      }
      this.current = transaction;
      let failed = false;
      let error: unknown;
      try {
        await this.transact(transaction);
      } catch (e) {
        failed = true;
        error = e;
      }
      // No longer counted before its sender hears: the pool then sees the connection as it is.
      this.current = undefined;
      if (failed) transaction.reject(error);
      else transaction.resolve();
    }
  }

  private async transact(transaction: Transaction): Promise<void> {
    const { from, to, message } = transaction;
    const pipelined = transaction.commands ?? (this.pipelining ? this.exchange(commandLines(from, to), TRANSACTION.length) : undefined);
    // A server that refuses may hang up (421): the answers after the refusal then never come.
    for (const pending of pipelined ?? []) pending.catch(() => {});
    const replies: Reply[] = [];
    let refused: SmtpReplyError | undefined;
    for (const [i, step] of TRANSACTION.entries()) {
      let reply: Reply;
      try {
        reply = await (pipelined ? pipelined[i]! : this.write(step.command(from, to)));
      } catch (error) {
        if (refused) break;
        throw new NotSentError(error as Error);
      }
      replies.push(reply);
      refused ??= step.wanted.includes(reply.code) ? undefined : refusal(step.what, reply);
      if (refused && !pipelined) break;
    }
    if (refused) {
      if (this.usable) {
        // A server that took DATA after refusing the recipient waits for data: give it none.
        if (replies[2]?.code === 354) await this.writeRaw('.\r\n').catch(() => undefined);
        await this.reset().catch(() => undefined);
      }
      throw refused;
    }
    // The next message's commands follow this one's data in the same write (RFC 2920, section 3.1:
    // message content may be the first "command" of a group).
    const next = this.pipelining ? this.queue[0] : undefined;
    const [sent, ...nextReplies] = this.exchange(dataBlock(message) + (next ? commandLines(next.from, next.to) : ''), 1 + (next ? TRANSACTION.length : 0));
    if (next) {
      next.commands = nextReplies;
      // Awaited when its turn comes; a hang-up before then must not count as unhandled.
      for (const pending of nextReplies) pending.catch(() => {});
    }
    await this.expect('message', sent!, [250]);
  }

  /** Says goodbye and closes (without waiting long for the answer). */
  async quit(): Promise<void> {
    if (this.broken) return;
    const bye = this.write('QUIT').catch(() => undefined);
    await Promise.race([bye, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    this.fail(failure('SMTP connection closed', 'ECONNRESET'));
  }

  private async hello(): Promise<void> {
    const name = clientName();
    const ehlo = await this.write(`EHLO ${name}`);
    this.extensions.clear();
    this.authMethods = [];
    if (ehlo.code !== 250) {
      await this.expect('HELO', this.write(`HELO ${name}`), [250]);
      return;
    }
    for (const line of ehlo.lines.slice(1)) {
      const [keyword = '', ...rest] = line.trim().split(/\s+/);
      this.extensions.add(keyword.toUpperCase());
      if (keyword.toUpperCase() === 'AUTH') this.authMethods = rest.map((m) => m.toUpperCase());
    }
  }

  private async authenticate(user: string, pass: string): Promise<void> {
    if (this.authMethods.includes('PLAIN')) {
      await this.expect('AUTH PLAIN', this.write(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}`), [235]);
    } else if (this.authMethods.includes('LOGIN')) {
      await this.expect('AUTH LOGIN', this.write('AUTH LOGIN'), [334]);
      await this.expect('AUTH LOGIN', this.write(Buffer.from(user).toString('base64')), [334]);
      await this.expect('AUTH LOGIN', this.write(Buffer.from(pass).toString('base64')), [235]);
    } else {
      throw failure(`The SMTP server offers no sign-in this client speaks (PLAIN, LOGIN); it offers: ${this.authMethods.join(', ') || 'none'}.`, 'EAUTH');
    }
  }

  private async reset(): Promise<void> {
    const reply = await this.write('RSET');
    if (reply.code !== 250) this.fail(refusal('RSET', reply));
  }

  private async upgrade(): Promise<void> {
    this.detach(this.socket);
    // Nothing read before the handshake may count after it (RFC 3207, section 6).
    this.received = '';
    this.continued = [];
    const plain = this.socket;
    plain.setTimeout(0);
    this.socket = await ready(
      (done) => tls.connect({ socket: plain, ...tlsOptions(this.target) }, done),
      `No TLS handshake with the SMTP server within ${this.target.timeoutMs} ms`,
      this.target.timeoutMs,
    ).catch((error: Error) => {
      this.socket = plain;
      throw error;
    });
    this.attach(this.socket);
  }

  private async expect(what: string, pending: Promise<Reply>, codes: number[]): Promise<Reply> {
    const reply = await pending;
    if (!codes.includes(reply.code)) throw refusal(what, reply);
    return reply;
  }

  private reply(): Promise<Reply> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private write(command: string): Promise<Reply> {
    return this.exchange(`${command}\r\n`, 1)[0]!;
  }

  /** Data written as it is, one answer awaited. */
  private writeRaw(data: string): Promise<Reply> {
    return this.exchange(data, 1)[0]!;
  }

  private exchange(data: string, answers: number): Promise<Reply>[] {
    const replies = Array.from({ length: answers }, () => this.reply());
    if (!this.broken) this.socket.write(data);
    return replies;
  }

  private readonly onData = (chunk: Buffer) => {
    this.received += chunk.toString('latin1');
    for (let end = this.received.indexOf('\n'); end >= 0; end = this.received.indexOf('\n')) {
      const line = this.received.slice(0, end).replace(/\r$/, '');
      this.received = this.received.slice(end + 1);
      const waiter = this.waiting[0];
      if (!waiter || !REPLY_LINE.test(line)) {
        this.fail(failure(`Unexpected answer from the SMTP server: ${line.slice(0, 200)}`, 'EPROTOCOL'));
        return;
      }
      this.continued.push(line.slice(4));
      if (line[3] === '-') {
        if (this.continued.length > MAX_REPLY_LINES) this.fail(failure(`The SMTP server sent a reply of over ${MAX_REPLY_LINES} lines`, 'EPROTOCOL'));
        if (this.broken) return;
        continue;
      }
      const code = Number(line.slice(0, 3));
      const lines = this.continued;
      this.continued = [];
      this.waiting.shift();
      waiter.resolve({ code, lines });
      // 421: the server is closing the connection; nothing more may be sent on it.
      if (code === 421) this.fail(failure(`The SMTP server is closing the connection: ${lines.join(' ')}`, 'ECONNRESET'));
    }
    if (this.received.length > MAX_LINE) this.fail(failure('The SMTP server sent a line of over 64 KiB', 'EPROTOCOL'));
  };

  private readonly onError = (error: Error) => this.fail(error);
  private readonly onClose = () => this.fail(failure('The SMTP server closed the connection', 'ECONNRESET'));
  private readonly onTimeout = () => this.fail(failure(`The SMTP server did not answer within ${this.target.timeoutMs} ms`, 'ETIMEDOUT'));

  private attach(socket: net.Socket): void {
    socket.setTimeout(this.target.timeoutMs);
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
  }

  private detach(socket: net.Socket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    socket.off('timeout', this.onTimeout);
  }

  private fail(error: Error): void {
    if (this.broken) return;
    this.broken = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    this.detach(this.socket);
    this.socket.on('error', () => {});
    this.socket.destroy();
  }
}

/** TLS settings for the server: its name for SNI and the certificate check, and any extra ones. */
function tlsOptions(target: SmtpTarget): tls.ConnectionOptions {
  return { servername: net.isIP(target.host) ? undefined : target.host, ...target.tls };
}

/**
 * The socket `open` makes, once it calls `done` (connected, or the TLS handshake done), within
 * `timeoutMs`; else destroyed. Its error listener stays (it does nothing once settled) until the
 * session's own is on.
 */
function ready(open: (done: () => void) => net.Socket, late: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = open(() => {
      settled = true;
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(failure(late, 'ETIMEDOUT')), timeoutMs);
    socket.once('error', fail);
  });
}

/** A connected socket (TLS from the start when `secure`), within the timeout. */
function connect(target: SmtpTarget): Promise<net.Socket> {
  const at = { host: target.host, port: target.port };
  return ready(
    (done) => (target.secure ? tls.connect({ ...at, ...tlsOptions(target) }, done) : net.connect(at, done)),
    `No SMTP connection to ${target.host}:${target.port} within ${target.timeoutMs} ms`,
    target.timeoutMs,
  );
}
