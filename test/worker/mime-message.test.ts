import { randomUUID } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OutgoingEmail } from '../../src/worker/transports/email.ts';
import { composeMessage, parseSender, textPart } from '../../src/worker/transports/mime-message.ts';
import { smtpTransport } from '../../src/worker/transports/smtp.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

/** The part inside a one-part multipart message, as a mail client reads it. */
async function read(part: string): Promise<string> {
  const message = `Content-Type: multipart/alternative; boundary="b"\r\nMIME-Version: 1.0\r\n\r\n--b\r\n${part}\r\n--b--\r\n`;
  return (await simpleParser(message)).html || '';
}

test('plain ASCII HTML goes as it is (7bit), its line ends made CRLF', async () => {
  const html = '<p>Hello\n<a href="https://x.test/invite/abc">Accept</a></p>\n' + `<!-- ${'x'.repeat(900)} -->`;
  const part = textPart('html', html);
  expect(part.startsWith('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n')).toBe(true);
  expect(part).not.toMatch(/[^\r]\n/);
  expect((await read(part)).replace(/\r\n/g, '\n')).toBe(html);
});

test('7bit carries lines of up to 998 octets, with or without their CR; one more goes in base64', () => {
  const line = (n: number) => 'a'.repeat(n);
  for (const body of [line(998), `${line(998)}\n`, `${line(998)}\r\nb`, `x\n${line(998)}`]) expect(textPart('html', body)).toContain('7bit');
  for (const body of [line(999), `${line(999)}\n`, `${line(999)}\r\nb`, `x\n${line(999)}`]) expect(textPart('html', body)).toContain('base64');
  // A CR only ends a line with its LF; anywhere else it is a lone one, which 7bit cannot carry.
  for (const body of ['a\r\nb\r\n', 'a\nb\r\nc', '\r\n', '']) expect(textPart('html', body)).toContain('7bit');
  for (const body of ['a\r\r\nb', 'a\r', '\ra', 'a\r\nb\rc\r\n', 'a\n\r']) expect(textPart('html', body)).toContain('base64');
});

test('HTML that 7bit cannot carry goes in base64 lines of 76, and reads back the same', async () => {
  for (const html of ['<p>Zoë & Søn, 山田</p>', `<p>${'y'.repeat(1200)}</p>`, '<p>a\rb</p>', '<p>nul\u0000</p>']) {
    const part = textPart('html', html);
    expect(part).toContain('Content-Transfer-Encoding: base64\r\n\r\n');
    const body = part.split('\r\n\r\n')[1]!;
    expect(body.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(html);
  }
  expect(await read(textPart('html', '<p>Zoë & Søn, 山田</p>'))).toBe('<p>Zoë & Søn, 山田</p>');
  // Encoded in its canonical form: lines end in CRLF inside the base64 too.
  const lines = textPart('plain', 'Zoë\nSøn\n').split('\r\n\r\n')[1]!;
  expect(Buffer.from(lines.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe('Zoë\r\nSøn\r\n');
});

describe('a message composed in one piece reads as nodemailer would have composed it', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => { smtp = await startSmtpServer(); });
  afterAll(async () => { await smtp.close(); });

  const email = (over: Partial<OutgoingEmail>): OutgoingEmail => ({
    messageId: `<${randomUUID()}@guestlist.test>`,
    orgId: null,
    notificationId: randomUUID(),
    from: 'Guestlist <invites@guestlist.test>',
    to: 'ann@example.test',
    subject: 'Ada Admin invited you to join Acme on Guestlist',
    html: '<!doctype html>\n<html><body><p>Hello Ann,</p>\n<p><a href="https://x.test/invite/gli_abc">Accept</a></p></body></html>',
    text: 'Hello Ann,\n\nAccept: https://x.test/invite/gli_abc\n',
    ...over,
  });

  /** Sends through the product's SMTP transport; what the peer received. */
  async function sendOurs(message: OutgoingEmail): Promise<ParsedMail> {
    const ours = smtpTransport(smtp.url, { timeoutMs: 2000 });
    try {
      const before = smtp.received.length;
      await ours.send(message);
      return smtp.received[before]!;
    } finally {
      await ours.close();
    }
  }

  /** What a mail client reads of a message: sender, recipient, subject, id and both parts. */
  const seen = (m: ParsedMail) => ({ from: m.from?.value, to: m.to && 'value' in m.to ? m.to.value : undefined, subject: m.subject, messageId: m.messageId, text: m.text, html: m.html });

  test.each([
    ['plain ASCII', {}],
    ['names and subject outside ASCII, quotes and commas', { from: '"Acme, Inc." <invites@acme.test>', subject: 'Zoë "Ω" Søn 山田 invited you to join Ærø Øst on Guestlist, a long subject that must be folded over lines', html: '<p>Zoë Søn 山田</p>', text: 'Zoë Søn 山田\n' }],
    ['a sender named outside ASCII', { from: 'Zoë Gästelist <invites@guestlist.test>' }],
    ['a bare sender address', { from: 'invites@guestlist.test' }],
  ] as const)('%s', async (_, over) => {
    const message = email(over);
    expect(parseSender(message.from)).toBeDefined();
    expect(composeMessage(message, parseSender(message.from)!)).toBeDefined();
    const ours = smtpTransport(smtp.url, { timeoutMs: 2000 });
    const theirs = nodemailer.createTransport({ url: smtp.url } as Parameters<typeof nodemailer.createTransport>[0]);
    try {
      const before = smtp.received.length;
      await ours.send(message);
      await theirs.sendMail({ from: message.from, to: message.to, subject: message.subject, html: message.html, text: message.text, messageId: message.messageId });
      const [a, b] = smtp.received.slice(before);
      expect(seen(a!)).toEqual(seen(b!));
      expect(a!.text).toBe(message.text);
      expect((a!.html || '').replace(/\r\n/g, '\n')).toBe(message.html);
    } finally {
      await ours.close();
      theirs.close();
    }
  });

  test('a subject carrying a line break is left to nodemailer and arrives as one Subject: what users typed never becomes a header', async () => {
    const message = email({ subject: 'Acme\r\nBcc: evil@example.test' });
    expect(composeMessage(message, parseSender(message.from)!)).toBeUndefined();
    const received = await sendOurs(message);
    expect(received.headers.has('bcc')).toBe(false);
    expect(received.subject).toContain('Acme');
  });

  test('a recipient outside ASCII is left to nodemailer (IDNA), and still arrives', async () => {
    const message = email({ to: 'ann@bücher.test' });
    expect(composeMessage(message, parseSender(message.from)!)).toBeUndefined();
    const received = await sendOurs(message);
    expect(received.subject).toBe(message.subject);
    expect(received.html).toContain('Hello Ann');
  });
});

