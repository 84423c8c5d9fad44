/** The longest line 7bit content may have, in octets, without its CRLF (RFC 5322 §2.1.1, RFC 2045 §2.7). */
const MAX_LINE = 998;

/** Whether text is 7bit as RFC 2045 means it: ASCII without NUL or lone CR, no line over 998 octets. */
function isSevenBit(text: string): boolean {
  if (/[^\x01-\x7f]|\r(?!\n)/.test(text)) return false;
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const lineEnd = end === -1 ? text.length : end;
    if (lineEnd - start > MAX_LINE + 1) return false;
    start = lineEnd + 1;
  }
  return true;
}

/** Base64 lines of 76 characters (RFC 2045 §6.8). */
function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}

/**
 * An email's HTML part as a finished MIME part (headers, blank line, body; the multipart's next
 * boundary follows it): as it is (7bit, lines ending in CRLF) when it is plain ASCII with lines
 * short enough, as the invitation emails are, otherwise in base64. Both leave the encoding to
 * native code: nodemailer's own choice for long-lined HTML, quoted-printable, is written in
 * JavaScript and was the largest cost of sending a message (bench/RESULTS.md).
 */
export function htmlPart(html: string): string {
  const head = 'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: ';
  if (isSevenBit(html)) return `${head}7bit\r\n\r\n${html.replace(/\r?\n/g, '\r\n')}`;
  return `${head}base64\r\n\r\n${base64Lines(html)}`;
}
