import { defineEmail, type EmailRenderer } from './compile.ts';
import { readFields, type Fields } from './fields.ts';
import { escapeSlack, orgRoles, roleWords } from './format.ts';
import { heading, paragraph } from './markup.ts';

type Outcome = 'accepted' | 'declined';

function noticeValues(fields: Fields, outcome: Outcome) {
  fields.choice('outcome', [outcome]);
  return {
    email: fields.text('email'),
    orgName: fields.text('orgName'),
    inviterName: fields.text('inviterName'),
    role: roleWords[fields.choice('role', orgRoles)].label,
  };
}

const afterwards: Record<Outcome, string> = {
  accepted: 'They are now a member of the organization.',
  declined: 'The invitation has ended. If that was a mistake, you can invite them again from the People page in Guestlist.',
};

function noticeEmail(outcome: Outcome): EmailRenderer {
  return defineEmail({
    subject: `{{email}} ${outcome} your invitation to {{orgName}}`,
    preview: `{{email}} ${outcome} your invitation to join {{orgName}} as {{role}}.`,
    blocks: [
      heading(`Invitation ${outcome}`),
      paragraph('Hi {{inviterName}},'),
      paragraph(`**{{email}}** ${outcome} your invitation to join **{{orgName}}** with the role **{{role}}**. ${afterwards[outcome]}`),
    ],
    footer: 'You received this email because you invited {{email}} to {{orgName}} on Guestlist.',
    values: (fields) => noticeValues(fields, outcome),
  });
}

/** Tells the inviter their invitation was accepted (`invitation_accepted`); payload from answer-notices.ts. */
export const acceptedEmail = noticeEmail('accepted');

/** Tells the inviter their invitation was declined (`invitation_declined`). */
export const declinedEmail = noticeEmail('declined');

/** A one-line Slack message, such as "ada@example.com accepted the invitation to Acme (Member)". */
export function noticeSlack(outcome: Outcome): (kind: string, payload: Record<string, unknown>) => { text: string } {
  return (kind, payload) => {
    const v = noticeValues(readFields(kind, payload), outcome);
    return { text: `${escapeSlack(v.email)} ${outcome} the invitation to ${escapeSlack(v.orgName)} (${v.role})` };
  };
}

