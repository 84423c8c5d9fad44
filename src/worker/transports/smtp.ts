import type { ConnectionOptions } from 'node:tls';
import nodemailer from 'nodemailer';
import { isLoopbackHost } from '../../net/addresses.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { EmailTransport, OutgoingEmail } from './email.ts';
import { composeMessage, parseSender, textPart, type Sender } from './mime-message.ts';
import type { SmtpTarget } from './smtp-session.ts';
import { smtpSessions } from './smtp-sessions.ts';

interface SmtpFailure {
  responseCode?: number;
  code?: string;
  message?: string;
}

/** SMTP 5xx is permanent; 4xx, timeouts and connection failures are worth retrying. */
export function classifySmtpError(err: unknown): DeliveryError {
  const e = (err ?? {}) as SmtpFailure;
  const text = (e.message ?? String(err)).slice(0, 500);
  if (typeof e.responseCode === 'number') return new DeliveryError(`SMTP ${e.responseCode}: ${text}`, e.responseCode < 500);
  return new DeliveryError(`SMTP ${e.code ?? 'error'}: ${text}`, true);
}

/** A URL part percent-decoded; undefined when empty, null when it is not valid percent-encoding. */
function decoded(part: string): string | undefined | null {
  if (!part) return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** A URL's host, an IPv6 address without its brackets. */
function hostOf(u: URL): string {
  return u.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Whether nodemailer must be told `requireTLS` (STARTTLS, or nothing is sent) for this URL: it
 * carries credentials, is not smtps:// (nodemailer opens smtp:// in plain text whatever the port,
 * 465 too), and names a server elsewhere. The URL's own query may say otherwise
 * (`requireTLS=false`: its settings win over the defaults nodemailerOptions gives).
 */
export function signInNeedsTls(url: string): boolean {
  const u = new URL(url);
  return (u.username !== '' || u.password !== '') && u.protocol !== 'smtps:' && !isLoopbackHost(hostOf(u));
}

/**
 * Where SMTP_URL points, for this transport's own connections (smtp-session.ts): `smtp://` or
 * `smtps://`, with or without `user:pass@`, port 587 by default (465, TLS from the start, for
 * smtps:// or when given). Undefined for a URL carrying settings in its query, which only
 * nodemailer reads: such a URL is served by nodemailer throughout.
 */
export function smtpTarget(url: string, timeoutMs: number, tlsOptions?: ConnectionOptions): SmtpTarget | undefined {
  const u = new URL(url);
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || u.search || u.hash || !u.hostname) return undefined;
  const port = u.port ? Number(u.port) : u.protocol === 'smtps:' ? 465 : 587;
  const user = decoded(u.username);
  const pass = decoded(u.password);
  // A malformed escape in the credentials: left to nodemailer, which reads them its own way.
  if (user === null || pass === null) return undefined;
  const host = hostOf(u);
  return {
    host,
    port,
    secure: u.protocol === 'smtps:' || port === 465,
    user,
    pass,
    signInWithoutTls: isLoopbackHost(host),
    timeoutMs,
    tls: tlsOptions,
  };
}

/** What nodemailer's pool is given besides the URL (whose own settings win over these). */
export function nodemailerOptions(url: string, maxConnections: number, timeout: number, tls?: ConnectionOptions): Parameters<typeof nodemailer.createTransport>[0] {
  return {
    url,
    pool: true,
    maxConnections,
    // nodemailer's pool reconnects after 100 messages by default: the handshake then cost a quarter
    // of the delivery rate (bench:delivery floor 450/s → 600/s). Servers that allow fewer per
    // connection close it, and the messages refused are retried.
    maxMessages: 1000,
    requireTLS: signInNeedsTls(url),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(tls ? { tls } : {}),
  } as Parameters<typeof nodemailer.createTransport>[0];
}

/**
 * Email through an SMTP server (`SMTP_URL`), over a small pool of reused connections: this
 * transport's own (smtp-sessions.ts) for the messages composeMessage builds, nodemailer's for the
 * rest (a recipient outside ASCII) and for a URL with settings only nodemailer reads. `tls`: extra
 * TLS settings for both (tests).
 */
export function smtpTransport(url: string, options: { maxConnections?: number; timeoutMs?: number; tls?: ConnectionOptions } = {}): EmailTransport {
  const timeout = options.timeoutMs ?? 15_000;
  const maxConnections = options.maxConnections ?? 4;
  const target = smtpTarget(url, timeout, options.tls);
  const sessions = target && smtpSessions(target, maxConnections);
  let transporter: ReturnType<typeof nodemailer.createTransport> | undefined;
  const nodemailerTransport = () => (transporter ??= nodemailer.createTransport(nodemailerOptions(url, maxConnections, timeout, options.tls)));
  const senders = new Map<string, Sender | undefined>();
  const senderOf = (from: string) => {
    if (!senders.has(from)) senders.set(from, parseSender(from));
    return senders.get(from);
  };
  return {
    name: 'smtp',
    async send(email: OutgoingEmail) {
      try {
        const sender = senderOf(email.from);
        const composed = sender && composeMessage(email, sender);
        if (composed && sessions) await sessions.send(composed.envelope.from, email.to, composed.raw);
        else await nodemailerTransport().sendMail(composed ?? { from: email.from, to: email.to, subject: email.subject, html: { raw: textPart('html', email.html) }, text: email.text, messageId: email.messageId });
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() {
      await sessions?.close();
      transporter?.close();
    },
  };
}
