import { defineEmail, type EmailRenderer } from './compile.ts';
import type { Fields } from './fields.ts';
import { formatUtcDate, formatUtcDateTime, greeting, orgRoles, roleWords } from './format.ts';
import { button, heading, note, paragraph, type Block } from './markup.ts';

function invitationValues(fields: Fields) {
  const role = roleWords[fields.choice('role', orgRoles)];
  const expiresAt = fields.time('expiresAt');
  return {
    greeting: greeting(fields.optionalText('name')),
    inviterName: fields.text('inviterName'),
    orgName: fields.text('orgName'),
    email: fields.text('email'),
    role: role.label,
    roleSummary: role.summary,
    expiry: formatUtcDateTime(expiresAt),
    expiryDate: formatUtcDate(expiresAt),
    acceptUrl: fields.url('acceptUrl'),
    signInUrl: fields.url('signInUrl'),
  };
}

function invitationEmail(subject: string, lead: readonly Block[]): EmailRenderer {
  return defineEmail({
    subject,
    preview: '{{inviterName}} invited you to join {{orgName}} with the role {{role}}. The invitation expires on {{expiry}}.',
    blocks: [
      heading('Join {{orgName}} on Guestlist'),
      paragraph('{{greeting}}'),
      ...lead,
      paragraph('**{{inviterName}}** invited you to join **{{orgName}}** on Guestlist with the role **{{role}}**. {{roleSummary}}'),
      button('Accept the invitation', 'acceptUrl'),
      paragraph('The invitation expires on **{{expiry}}**. The same page lets you decline it.'),
      paragraph(
        '**How to sign in**\n' +
          'New to Guestlist? The invitation page lets you choose a name and a password for {{email}}. ' +
          'Already have an account? Sign in as {{email}} before you accept.\n' +
          'Afterwards, sign in at [[signInUrl]] with {{email}}.',
      ),
      note("If you didn't expect this invitation, you can ignore this email: nothing happens unless you accept."),
    ],
    footer: 'This email was sent to {{email}} because {{inviterName}} invited this address to {{orgName}} on Guestlist.',
    values: invitationValues,
  });
}

/** A new invitation (`invitation`); payload: InvitationEmailPayload. */
export const invitationNew = invitationEmail('{{inviterName}} invited you to join {{orgName}} on Guestlist', []);

/** A resent invitation (`invitation_resend`): a new link, the old one no longer works. */
export const invitationResend = invitationEmail('Reminder: {{inviterName}} invited you to join {{orgName}} on Guestlist', [
  paragraph('This invitation was sent again with a new link. Links in earlier emails no longer work.'),
]);

/**
 * A reminder before expiry (`invitation_reminder`). The subject names the date rather than
 * "tomorrow", so it stays true when delivery is late or the reminder is sent earlier.
 */
export const invitationReminder = invitationEmail('Your invitation to {{orgName}} expires on {{expiryDate}}', [
  paragraph('A reminder: your invitation is still waiting for you and expires soon.'),
]);
