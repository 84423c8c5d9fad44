import { describe, expect, test } from 'vitest';
import { checkEmail, splitAddressList } from './email.ts';

describe('checkEmail (PRODUCT §4.1)', () => {
  test('trims, keeps what was typed for display, and compares case-insensitively', () => {
    expect(checkEmail('  Ada.Lovelace@Example.COM ')).toEqual({ ok: true, email: { display: 'Ada.Lovelace@Example.COM', normalized: 'ada.lovelace@example.com' } });
  });

  test('converts IDN domains to punycode', () => {
    const r = checkEmail('Juergen@Bücher.Example');
    expect(r).toEqual({ ok: true, email: { display: 'Juergen@Bücher.Example', normalized: 'juergen@xn--bcher-kva.example' } });
  });

  test.each([
    ['Ada <ada@example.com>', 'display name'],
    ['"ada lovelace"@example.com', 'quoted'],
    ['ada@example.com\r\nBcc: x@evil.test', 'line break'],
    ['ada\u0000@example.com', 'NUL'],
    [`${'a'.repeat(64)}@${Array(4).fill('b'.repeat(60)).join('.')}.com`, '254'],
    [`${'a'.repeat(65)}@example.com`, '64'],
    ['ada@', '@'],
    ['@example.com', '@'],
    ['ada@@example.com', '@'],
    ['ada@localhost', 'domain'],
    ['ada@-bad-.com', 'domain'],
    ['ada..lovelace@example.com', 'local part'],
    ['', 'empty'],
    ['jürgen@example.com', 'non-ASCII'],
    ['dot2@example.com.', 'ends with a dot'],
    ['dot2@Example.COM.', 'ends with a dot'],
  ])('rejects %j with a reason mentioning %s', (input, reason) => {
    const r = checkEmail(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  test('splits pasted lists on commas, semicolons and new lines', () => {
    expect(splitAddressList('a@x.test, b@x.test\nc@x.test;\r\n\n d@x.test ,')).toEqual(['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test']);
  });
});
