import { simpleParser } from 'mailparser';
import { expect, test } from 'vitest';
import { htmlPart } from '../../src/worker/transports/html-part.ts';

/** The part inside a one-part multipart message, as a mail client reads it. */
async function read(part: string): Promise<string> {
  const message = `Content-Type: multipart/alternative; boundary="b"\r\nMIME-Version: 1.0\r\n\r\n--b\r\n${part}\r\n--b--\r\n`;
  return (await simpleParser(message)).html || '';
}

test('plain ASCII HTML goes as it is (7bit), its line ends made CRLF', async () => {
  const html = '<p>Hello\n<a href="https://x.test/invite/abc">Accept</a></p>\n' + `<!-- ${'x'.repeat(900)} -->`;
  const part = htmlPart(html);
  expect(part.startsWith('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n')).toBe(true);
  expect(part).not.toMatch(/[^\r]\n/);
  expect((await read(part)).replace(/\r\n/g, '\n')).toBe(html);
});

test('HTML that 7bit cannot carry goes in base64 lines of 76, and reads back the same', async () => {
  for (const html of ['<p>Zoë & Søn, 山田</p>', `<p>${'y'.repeat(1200)}</p>`, '<p>a\rb</p>', '<p>nul\u0000</p>']) {
    const part = htmlPart(html);
    expect(part).toContain('Content-Transfer-Encoding: base64\r\n\r\n');
    const body = part.split('\r\n\r\n')[1]!;
    expect(body.split('\r\n').every((line) => line.length <= 76)).toBe(true);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(html);
  }
  expect(await read(htmlPart('<p>Zoë & Søn, 山田</p>'))).toBe('<p>Zoë & Søn, 山田</p>');
});
