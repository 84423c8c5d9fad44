import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.ts';

// Issue 6, item 6: PUBLIC_URL only absolute http(s); MAIL_FROM a valid address.
const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message.replace(/^Invalid configuration: /, '').split('; ');
  }
};

describe('PUBLIC_URL', () => {
  test.each(['javascript:alert(1)', 'mailto:admin@example.com', 'data:text/html,hi', 'ftp://example.com', '/relative', 'example.com', 'https://user:pw@example.com', 'https://example.com/?next=x'])('refuses %s with one line naming it', (value) => {
    expect(problems({ PUBLIC_URL: value })).toEqual([expect.stringMatching(/^PUBLIC_URL: .*http/)]);
  });

  test.each([['https://guestlist.example.com/', 'https://guestlist.example.com'], ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'], ['https://example.com/guestlist', 'https://example.com/guestlist']])('accepts %s', (value, publicUrl) => {
    expect(loadConfig({ PUBLIC_URL: value }).publicUrl).toBe(publicUrl);
  });
});

describe('MAIL_FROM', () => {
  test.each(['not an address', 'a@b', 'Guestlist <nobody>', 'Evil\r\nBcc: all@example.com <a@example.com>', 'Name <a@example.com> trailing', '<>', 'Acme, Inc <a@example.com>'])('refuses %j with one line naming it', (value) => {
    expect(problems({ MAIL_FROM: value })).toEqual([expect.stringMatching(/^MAIL_FROM: /)]);
  });

  test.each(['invites@example.com', 'Guestlist <invites@example.com>', '"Acme, Inc." <invites@example.com>'])('accepts %j', (value) => {
    expect(loadConfig({ MAIL_FROM: value }).mailFrom).toBe(value);
  });
});

test('several bad variables give one line each, and the CLI prints them without a stack trace', () => {
  expect(problems({ PUBLIC_URL: 'javascript:x', MAIL_FROM: 'x', ORG_CREATION: 'everyone', INVITATIONS_PER_DAY_PER_ORG: '0' }).map((l) => l.trim().split(':')[0])).toEqual([
    'PUBLIC_URL', 'MAIL_FROM', 'ORG_CREATION', 'INVITATIONS_PER_DAY_PER_ORG',
  ]);
  const bin = join(fileURLToPath(new URL('..', import.meta.url)), 'bin', 'guestlist.mjs');
  const out = spawnSync(process.execPath, [bin, 'migrate'], { env: { PATH: process.env.PATH, PUBLIC_URL: 'javascript:alert(1)' }, encoding: 'utf8' });
  expect(out.status).toBe(1);
  expect(out.stderr).toMatch(/PUBLIC_URL: must be an absolute http/);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  expect(out.stderr.trim().split('\n')).toHaveLength(1);
});

test('the development mailbox is served on this machine only unless HOST says otherwise', () => {
  expect(loadConfig({}).host).toBe('127.0.0.1');
  expect(loadConfig({ SMTP_URL: 'smtp://mail.example:25' }).host).toBe('0.0.0.0');
  expect(loadConfig({ DATABASE_URL: 'postgres://db.example/guestlist' }).host).toBe('0.0.0.0');
  expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
});
