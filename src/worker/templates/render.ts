import { passwordReset, emailVerification } from './account.ts';
import type { EmailRenderer, RenderedEmail } from './compile.ts';
import { TemplateError } from './fields.ts';
import { invitationNew, invitationReminder, invitationResend } from './invitation.ts';
import { acceptedEmail, declinedEmail, noticeSlack } from './notices.ts';
import { requestConfirmation, requestsDigest, requestsDigestSlack } from './requests.ts';

export { TemplateError };
export type { RenderedEmail };

/** A rendered Slack message: one line of mrkdwn with user text escaped. */
export interface RenderedSlack {
  text: string;
}

const emailKinds: ReadonlyMap<string, EmailRenderer> = new Map([
  ['invitation', invitationNew],
  ['invitation_resend', invitationResend],
  ['invitation_reminder', invitationReminder],
  ['invitation_accepted', acceptedEmail],
  ['invitation_declined', declinedEmail],
  ['password_reset', passwordReset],
  ['email_verification', emailVerification],
  ['invitation_request_confirmation', requestConfirmation],
  ['invitation_requests_digest', requestsDigest],
]);

const slackKinds: ReadonlyMap<string, (kind: string, payload: Record<string, unknown>) => RenderedSlack> = new Map([
  ['invitation_accepted', noticeSlack('accepted')],
  ['invitation_declined', noticeSlack('declined')],
  ['invitation_requests_digest', requestsDigestSlack],
]);

/** The email kinds renderEmail knows. */
export const emailKindNames: readonly string[] = [...emailKinds.keys()];

/**
 * Renders an outbox email: a header-safe subject, an HTML part (user text escaped, links checked
 * to be http(s)) and a plain-text part. Asynchronous because mjml v5 compiles asynchronously: each
 * kind's MJML is compiled on its first message and cached, after which a render is a string fill.
 * Rejects with TemplateError for an unknown kind or a missing or ill-typed payload field (a
 * permanent failure); any other error is a bug here, not in the message.
 */
export async function renderEmail(kind: string, payload: Record<string, unknown>): Promise<RenderedEmail> {
  const render = emailKinds.get(kind);
  if (!render) throw new TemplateError(`unknown email kind ${JSON.stringify(kind)}`);
  return render(kind, payload);
}

/**
 * Renders an outbox Slack message as one line of mrkdwn with &, < and > escaped.
 * Throws TemplateError for an unknown kind or a missing or ill-typed payload field.
 */
export function renderSlack(kind: string, payload: Record<string, unknown>): RenderedSlack {
  const render = slackKinds.get(kind);
  if (!render) throw new TemplateError(`unknown Slack kind ${JSON.stringify(kind)}`);
  return render(kind, payload);
}
