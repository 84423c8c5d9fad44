import { randomBytes } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWord, encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import type { OutgoingEmail } from './email.ts';

/** The longest line 7bit content may have, in octets, without its CRLF (RFC 5322 §2.1.1, RFC 2045 §2.7). */
const MAX_LINE = 998;
const CRLF = '\r\n';

/** Whether text is 7bit as RFC 2045 means it: ASCII without NUL or lone CR, no line over 998 octets. */
function isSevenBit(text: string): boolean {
  // The character class alone is searched natively; line ends and CRs are found with indexOf
  // (an expression such as a lone-CR look-ahead is tried at every position of a 10 KB body).
  if (/[^\x01-\x7f]/.test(text)) return false;
  let cr = text.indexOf('\r');
  for (let start = 0; ;) {
    const end = text.indexOf('\n', start);
    // The line's octets, without the CR of its CRLF: a CR anywhere else is a lone one.
    const content = end === -1 ? text.length : end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (cr !== -1 && cr < content) return false;
    if (content - start > MAX_LINE) return false;
    if (end === -1) return true;
    if (cr !== -1 && cr < end) cr = text.indexOf('\r', end);
    start = end + 1;
  }
}

/** Whether some line feed has no carriage return before it. */
function hasBareLf(text: string): boolean {
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) !== 13) return true;
  }
  return false;
}

/**
 * Text with every line ending CRLF. Text whose lines already do (a composed message) comes back as
 * it is, after a scan: the replacement copied the whole message (most of what sending one
 * allocated, bench/RESULTS.md).
 */
export function crlfLines(text: string): string {
  return hasBareLf(text) ? text.replace(/\r?\n/g, CRLF) : text;
}

/** Base64 lines of 76 characters (RFC 2045 §6.8). */
function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join(CRLF);
}

/**
 * A text part as a finished MIME part (headers, blank line, body; the multipart's next boundary
 * follows it): as it is (7bit, lines ending in CRLF) when it is plain ASCII with lines short
 * enough, as the invitation emails are, otherwise in base64. Both leave the encoding to native
 * code: nodemailer's own choice for long-lined HTML, quoted-printable, is written in JavaScript
 * and was the largest cost of sending a message (bench/RESULTS.md).
 */
export function textPart(subtype: 'plain' | 'html', body: string): string {
  const head = `Content-Type: text/${subtype}; charset=utf-8${CRLF}Content-Transfer-Encoding: `;
  // Text in its canonical form, lines ending in CRLF, whichever the encoding (RFC 2045 §6.8).
  const canonical = crlfLines(body);
  if (isSevenBit(body)) return `${head}7bit${CRLF}${CRLF}${canonical}`;
  return `${head}base64${CRLF}${CRLF}${base64Lines(canonical)}`;
}

/** Printable ASCII without spaces: an address that needs no encoding (nor IDNA) in a header or envelope. */
const plainAddress = /^[\x21-\x7e]+@[\x21-\x7e]+$/;

/** A sender, parsed once: its header line and its envelope address; undefined when nodemailer must encode it. */
export interface Sender {
  header: string;
  address: string;
}

/** A display name as a header phrase: as it is, quoted, or an encoded word (RFC 5322 §3.2.5, RFC 2047). */
function phrase(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/([\\"])/g, '\\$1')}"`;
  return encodeWord(name, 'B', 52);
}

/** `MAIL_FROM` ("Name <address>" or an address) as a From header; undefined when it is not one plain address. */
export function parseSender(from: string): Sender | undefined {
  const parsed = addressparser(from, { flatten: true });
  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (!only || !plainAddress.test(only.address)) return undefined;
  const header = foldLines(`From: ${only.name ? `${phrase(only.name)} <${only.address}>` : only.address}`, 76);
  return { header, address: only.address };
}

/** Encoded words for a subject outside printable ASCII, every word of it, as nodemailer writes a Subject. */
const encodeSubject = (subject: string): string => (encodeWords as (value: string, encoding: 'B', max: number, all: boolean) => string)(subject, 'B', 52, true);

/** Boundaries: a random prefix for this process and a counter; a body that contains one is sent the other way. */
const boundaryPrefix = `--_glb_${randomBytes(12).toString('hex')}_`;
let boundaries = 0;

/**
 * The whole message as nodemailer would compose it (From, To, Subject, Message-ID, Date, a
 * multipart/alternative of the text and HTML parts), built as one string so it is written to the
 * SMTP connection in one piece rather than through nodemailer's chain of streams per part and
 * header. Undefined for the rare message this does not cover (a recipient address outside plain
 * ASCII, which needs IDNA or SMTPUTF8): nodemailer composes that one itself.
 */
export function composeMessage(email: OutgoingEmail, sender: Sender): { envelope: { from: string; to: string[] }; raw: string; messageId: string } | undefined {
  if (!plainAddress.test(email.to) || /[\r\n]/.test(email.subject)) return undefined;
  const boundary = boundaryPrefix + (++boundaries).toString(36);
  if (email.html.includes(boundary) || email.text.includes(boundary)) return undefined;
  const headers = [
    sender.header,
    `To: ${email.to}`,
    foldLines(`Subject: ${encodeSubject(email.subject)}`, 76),
    `Message-ID: ${email.messageId}`,
    `Date: ${new Date().toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const raw = `${headers.join(CRLF)}${CRLF}${CRLF}--${boundary}${CRLF}${textPart('plain', email.text)}${CRLF}--${boundary}${CRLF}${textPart('html', email.html)}${CRLF}--${boundary}--${CRLF}`;
  // messageId only spares nodemailer making up one (five random reads) for a header it does not write.
  return { envelope: { from: sender.address, to: [email.to] }, raw, messageId: email.messageId };
}
