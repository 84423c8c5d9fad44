import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { emailKindNames, renderEmail, renderSlack, TemplateError } from './render.ts';
import { textPart } from '../transports/mime-message.ts';

const invitation = {
  invitationId: 'inv_1',
  memberId: 'mem_1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  orgId: 'org_1',
  orgName: 'Acme',
  orgSlug: 'acme',
  inviterName: 'Grace Hopper',
  role: 'member',
  expiresAt: '2026-11-28T23:56:41.000Z',
  acceptUrl: 'https://guestlist.test/invite/gli_token123',
  signInUrl: 'https://guestlist.test/sign-in',
};

const answer = { invitationId: 'inv_1', email: 'ada@example.com', role: 'guest', orgName: 'Acme', orgSlug: 'acme', inviterName: 'Grace Hopper' };

/** A payload every email kind accepts (a requester's name with markup, which must come out escaped). */
function payloadFor(kind: string): Record<string, unknown> {
  return {
    ...invitation, ...answer, outcome: kind === 'invitation_declined' ? 'declined' : 'accepted', resetUrl: 'https://x.test/r', verifyUrl: 'https://x.test/v',
    confirmUrl: 'https://x.test/request/confirm#token=glr_x', count: '3', requesters: 'Ada <b>Lovelace</b> (ada@x.test) and 2 more', reviewUrl: 'https://x.test/o/acme/people/requests',
  };
}

const hostile = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=1>',
  lines: 'Eve\r\nBcc: victim@example.com\r\n\r\nbody',
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => err,
  );
}

/** Text nodes and attribute values of the HTML must not contain markup from the payload. */
function expectNoInjectedMarkup(html: string): void {
  expect(html).not.toContain('<script>');
  expect(html).not.toContain('<img');
  expect(html).not.toMatch(/GLSLOT|\{\{/);
}

describe('invitation emails', () => {
  it.each([
    ['invitation', 'Grace Hopper invited you to join Acme on Guestlist'],
    ['invitation_resend', 'Reminder: Grace Hopper invited you to join Acme on Guestlist'],
    ['invitation_reminder', 'Your invitation to Acme expires on 28 November 2026'],
  ])('%s names the organization, inviter, role, expiry, link and how to sign in', async (kind, subject) => {
    const email = await renderEmail(kind, invitation);
    expect(email.subject).toBe(subject);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Hi Ada Lovelace,');
      expect(part).toContain('Grace Hopper');
      expect(part).toContain('Acme');
      expect(part).toContain('Member');
      expect(part).toContain('28 November 2026, 23:56 UTC');
      expect(part).toContain('https://guestlist.test/invite/gli_token123');
      expect(part).toContain('https://guestlist.test/sign-in');
      expect(part).toContain('ada@example.com');
      expect(part).toContain('ignore this email');
    }
    expect(email.html).toContain('href="https://guestlist.test/invite/gli_token123"');
    expect(email.html).toContain('href="https://guestlist.test/sign-in"');
    expect(email.html).toMatch(/^<!doctype html>/i);
    expect(email.text).not.toMatch(/<[a-z]/i);
    expectNoInjectedMarkup(email.html);
  });

  it('greets without a name and says each role in words', async () => {
    const email = await renderEmail('invitation', { ...invitation, name: null, role: 'admin' });
    expect(email.text).toContain('Hello,');
    expect(email.text).toContain('with the role Admin');
    expect((await renderEmail('invitation', { ...invitation, role: 'guest' })).html).toContain('<strong>Guest</strong>');
  });

  it('escapes hostile values in HTML, strips them from the subject and keeps them literal in text', async () => {
    const email = await renderEmail('invitation', {
      ...invitation,
      name: hostile.script,
      inviterName: hostile.lines,
      orgName: hostile.attribute,
      email: `${hostile.script}@example.com`,
    });
    expectNoInjectedMarkup(email.html);
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&quot;&gt;&lt;img src=x onerror=1&gt;');
    expect(email.subject).toBe('Eve Bcc: victim@example.com body invited you to join "><img src=x onerror=1> on Guestlist');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toContain(`Hi ${hostile.script},`);
    expect(email.text).toContain(hostile.attribute);
    expect(email.text).toContain('Eve Bcc: victim@example.com body invited you');
  });

  it('caps the subject and removes every control character', async () => {
    const email = await renderEmail('invitation', { ...invitation, orgName: `Acme\u0000\u0007\u2028${'x'.repeat(500)}` });
    expect(Array.from(email.subject).length).toBeLessThanOrEqual(200);
    expect(email.subject).not.toMatch(/[\u0000-\u001f\u007f\u2028]/);
  });

  it.each([
    ['acceptUrl', 'javascript:alert(1)'],
    ['acceptUrl', 'data:text/html,<script>alert(1)</script>'],
    ['signInUrl', '/sign-in'],
  ])('refuses a %s of %s', async (field, value) => {
    const err = await rejection(renderEmail('invitation', { ...invitation, [field]: value }));
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message).toContain('"invitation"');
    expect((err as Error).message).toContain(field);
  });

  it.each([
    ['orgName', undefined],
    ['orgName', 42],
    ['role', 'owner'],
    ['expiresAt', 'next week'],
    ['name', 7],
  ])('refuses a payload whose %s is %s', async (field, value) => {
    const err = await rejection(renderEmail('invitation_resend', { ...invitation, [field]: value }));
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message).toMatch(new RegExp(`"invitation_resend".*${field}`));
  });

  it('renders 2,000 distinct, complete emails', async () => {
    const emails = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        renderEmail('invitation', { ...invitation, name: `Person ${i}`, email: `p${i}@example.com`, acceptUrl: `https://guestlist.test/invite/gli_${i}` }),
      ),
    );
    expect(new Set(emails.map((e) => e.html)).size).toBe(2000);
    expect(new Set(emails.map((e) => e.text)).size).toBe(2000);
    emails.forEach((e, i) => {
      expect(e.html).toContain(`href="https://guestlist.test/invite/gli_${i}"`);
      expect(e.html).toContain(`Hi Person ${i},`);
      expect(e.html.trimEnd()).toMatch(/<\/html>$/);
      expect(e.text).toContain(`sign in at https://guestlist.test/sign-in with p${i}@example.com.`);
    });
  });
});

describe('answer notices', () => {
  it.each([
    ['invitation_accepted', 'accepted'],
    ['invitation_declined', 'declined'],
  ])('%s tells the inviter who answered, for which organization and role', async (kind, outcome) => {
    const email = await renderEmail(kind, { ...answer, outcome });
    expect(email.subject).toBe(`ada@example.com ${outcome} your invitation to Acme`);
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Hi Grace Hopper,');
      expect(part).toContain('Guest');
    }
    expect(email.text).toContain(`ada@example.com ${outcome} your invitation to join Acme with the role Guest.`);
    expect(renderSlack(kind, { ...answer, outcome })).toEqual({ text: `ada@example.com ${outcome} the invitation to Acme (Guest)` });
  });

  it('refuses an outcome that contradicts the kind', async () => {
    await expect(renderEmail('invitation_accepted', { ...answer, outcome: 'declined' })).rejects.toThrow(TemplateError);
    expect(() => renderSlack('invitation_declined', { ...answer, outcome: 'accepted' })).toThrow(/"invitation_declined".*outcome/);
  });

  it('escapes &, < and > for Slack and keeps it on one line', () => {
    const { text } = renderSlack('invitation_accepted', { ...answer, outcome: 'accepted', email: '<!channel>&@x.test', orgName: 'A<b>\nC & D' });
    expect(text).toBe('&lt;!channel&gt;&amp;@x.test accepted the invitation to A&lt;b&gt; C &amp; D (Guest)');
  });

  it('escapes hostile values in the HTML notice', async () => {
    const email = await renderEmail('invitation_declined', { ...answer, outcome: 'declined', email: hostile.script, orgName: hostile.attribute });
    expectNoInjectedMarkup(email.html);
    expect(email.text).toContain(hostile.script);
  });
});

describe('account emails', () => {
  it('password_reset carries the link and its one-hour validity', async () => {
    const email = await renderEmail('password_reset', { name: 'Ada', resetUrl: 'https://guestlist.test/api/auth/reset-password/tok?callbackURL=%2Freset' });
    expect(email.subject).toBe('Reset your Guestlist password');
    expect(email.html).toContain('href="https://guestlist.test/api/auth/reset-password/tok?callbackURL=%2Freset"');
    expect(email.text).toContain('https://guestlist.test/api/auth/reset-password/tok?callbackURL=%2Freset');
    expect(email.text).toContain('one hour');
    expect(email.text).toContain('Hi Ada,');
  });

  it('email_verification carries the link and escapes the name', async () => {
    const email = await renderEmail('email_verification', { name: hostile.attribute, verifyUrl: 'https://guestlist.test/api/auth/verify-email?token=a&b=1' });
    expect(email.subject).toBe('Confirm your email address for Guestlist');
    expect(email.html).toContain('href="https://guestlist.test/api/auth/verify-email?token=a&amp;b=1"');
    expect(email.text).toContain('https://guestlist.test/api/auth/verify-email?token=a&b=1');
    expectNoInjectedMarkup(email.html);
  });

  it('refuses a reset link that is not http(s)', async () => {
    await expect(renderEmail('password_reset', { name: 'Ada', resetUrl: 'javascript:alert(1)' })).rejects.toThrow(/"password_reset".*resetUrl/);
  });
});

describe('kinds', () => {
  it('refuses an unknown kind, including inherited property names', async () => {
    for (const kind of ['invitation_bogus', 'constructor', '__proto__']) {
      await expect(renderEmail(kind, invitation)).rejects.toThrow(TemplateError);
      expect(() => renderSlack(kind, answer)).toThrow(TemplateError);
    }
    expect(() => renderSlack('invitation', invitation)).toThrow(/unknown Slack kind "invitation"/);
  });

  it('loads nothing from elsewhere and goes without indentation, in lines 7bit can carry', async () => {
    for (const kind of emailKindNames) {
      const { html, text } = await renderEmail(kind, payloadFor(kind));
      // Line ends CRLF as rendered, so the transport copies nothing to make them so.
      expect(html, kind).not.toMatch(/(^|[^\r])\n/);
      expect(text, kind).not.toMatch(/(^|[^\r])\n/);
      // No web fonts (mjml adds Google Fonts for a family it knows), stylesheets or images fetched when it is read.
      expect(html, kind).not.toMatch(/googleapis|@import|<link|<img|src=/i);
      expect(html.split('\n').filter((line) => /^[ \t]/.test(line)), kind).toEqual([]);
      // Lines short enough for 7bit: ASCII messages go as they are rather than in base64 (a third larger).
      expect(Math.max(...html.split('\n').map((line) => Buffer.byteLength(line))), kind).toBeLessThan(998);
      if (kind === 'invitation') expect(textPart('html', html)).toMatch(/^Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n/);
    }
  });

  it('compiles every email kind', async () => {
    for (const kind of emailKindNames) {
      const email = await renderEmail(kind, payloadFor(kind));
      expect(email.subject.length).toBeGreaterThan(10);
      expectNoInjectedMarkup(email.html);
      expect(email.text).not.toMatch(/\{\{|\*\*|\[\[/);
    }
    // mjml (about 70 MB once loaded) compiles in a child process and never stays in the server.
    expect(Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\/]node_modules[\\/]mjml[\\/]/.test(path))).toEqual([]);
  });
});
