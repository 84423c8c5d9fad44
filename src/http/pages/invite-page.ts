import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { previewInvitation } from '../../domain/invitations/preview.ts';
import { DomainError, type ErrorCode } from '../../domain/errors.ts';
import type { AppDeps } from '../env.ts';
import { csrfTokenFor } from '../auth/principal.ts';
import { rateLimit } from '../rate-limit.ts';
import { escapeHtml } from '../../text/escape-html.ts';
import { layout } from './html.ts';

const clientJs = readFileSync(new URL('./invite.client.js', import.meta.url), 'utf8');
const pageCss = readFileSync(new URL('./page.css', import.meta.url), 'utf8');
const roleName = { admin: 'Admin', member: 'Member', guest: 'Guest' } as const;

/** What an ended invitation's page says, and what to do next (R11). */
const ended: Partial<Record<ErrorCode, { title: string; next: string }>> = {
  invitation_not_found: { title: 'This invitation link is not valid', next: 'Check that you opened the whole link from the newest email, or ask an administrator for a new invitation.' },
  invitation_expired: { title: 'This invitation has expired', next: 'Ask an administrator of the organization to send you a new one.' },
  invitation_revoked: { title: 'This invitation was cancelled', next: 'Ask an administrator of the organization if you should still join.' },
  invitation_accepted: { title: 'This invitation was already accepted', next: 'Sign in with the invited address to continue.' },
  invitation_declined: { title: 'This invitation was declined', next: 'Ask an administrator of the organization for a new one if you changed your mind.' },
  invitation_superseded: { title: 'A newer invitation was sent', next: 'This link was replaced when the invitation was sent again; use the link in the newest email.' },
};

function form(preview: Awaited<ReturnType<typeof previewInvitation>>): string {
  if (preview.accountExists) {
    return `<form id="signin"><p>You already have an account as <strong>${escapeHtml(preview.email)}</strong>. Sign in to accept.</p>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required minlength="8">
<button class="primary" type="submit">Sign in and accept</button></form>`;
  }
  return `<form id="create"><p>Choose your name and a password to create your account for <strong>${escapeHtml(preview.email)}</strong>.</p>
<label for="name">Your name</label><input id="name" name="name" autocomplete="name" required maxlength="200">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="128">
<button class="primary" type="submit">Accept invitation</button></form>`;
}

/**
 * The page an invitation email links to (R7). Opening it changes nothing; accepting or declining
 * is an explicit POST made by the page. It never leaks the token through a referrer.
 */
export function invitePageRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  app.use('/invite/*', rateLimit({ bucket: 'invite-page', perMinute: deps.config.rateLimitPublicPerMinute, trustProxy: deps.config.trustProxy }));
  app.use('/invite/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    c.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });
  app.get('/assets/invite.js', (c) => c.body(clientJs, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/page.css', (c) => c.body(pageCss, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/invite/:token', async (c) => {
    try {
      const p = await previewInvitation(deps.db, c.req.param('token'));
      const session = c.req.header('cookie') ? await deps.auth.api.getSession({ headers: c.req.raw.headers }) : null;
      const csrf = session ? ` data-csrf="${escapeHtml(csrfTokenFor(deps.secret, session.session.id))}"` : '';
      const body = `<div data-invite data-org="${escapeHtml(p.organization.name)}" data-email="${escapeHtml(p.email)}"${csrf}>
<h1>Join ${escapeHtml(p.organization.name)}</h1>
<dl><dt>Invited by</dt><dd>${escapeHtml(p.inviter.name)}</dd><dt>Role</dt><dd>${roleName[p.role]}</dd>
<dt>Email</dt><dd>${escapeHtml(p.email)}</dd><dt>Expires</dt><dd><time datetime="${p.expiresAt.toISOString()}">${escapeHtml(p.expiresAt.toUTCString())}</time></dd></dl>
${form(p)}<div class="actions"><button id="decline" class="secondary" type="button">Decline</button></div><p id="status" role="status"></p></div>`;
      return c.html(layout(`Join ${p.organization.name}`, body, ['/assets/invite.js']));
    } catch (error) {
      const info = error instanceof DomainError ? ended[error.code] : undefined;
      if (!info || !(error instanceof DomainError)) throw error;
      const status = error.code === 'invitation_not_found' ? 404 : 410;
      return c.html(layout(info.title, `<h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.next)}</p>`), status);
    }
  });
  return app;
}
