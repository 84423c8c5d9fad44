import { defineEmail } from './compile.ts';
import { readFields, type Fields } from './fields.ts';
import { escapeSlack, greeting } from './format.ts';
import { button, heading, note, paragraph } from './markup.ts';

/** The requester confirms the address (`invitation_request_confirmation`); payload: name, orgName, confirmUrl. */
export const requestConfirmation = defineEmail({
  subject: 'Confirm your request to join {{orgName}}',
  preview: 'Confirm this address so the administrators of {{orgName}} see your request. The link works for 24 hours.',
  blocks: [
    heading('Confirm your request'),
    paragraph('{{greeting}}'),
    paragraph('Someone asked, with this address, to be invited to **{{orgName}}** on Guestlist. If that was you, confirm it and the organization’s administrators will see your request:'),
    button('Confirm my request', 'confirmUrl'),
    paragraph('The link works for **24 hours**, once.'),
    note("If you didn't ask for this, ignore this email: nothing is sent to the organization unless the address is confirmed."),
  ],
  footer: 'This email was sent by Guestlist because an invitation to {{orgName}} was requested for this address.',
  values: (fields) => ({ greeting: greeting(fields.optionalText('name')), orgName: fields.text('orgName'), confirmUrl: fields.url('confirmUrl') }),
});

function digestValues(fields: Fields) {
  const count = fields.text('count');
  return { orgName: fields.text('orgName'), requesters: fields.text('requesters'), reviewUrl: fields.url('reviewUrl'), what: count === '1' ? 'a new invitation request' : `${count} new invitation requests` };
}

/** Tells an admin about newly confirmed requests (`invitation_requests_digest`); payload: orgName, count, requesters, reviewUrl. */
export const requestsDigest = defineEmail({
  subject: '{{orgName}}: {{what}}',
  preview: '{{requesters}} asked to join {{orgName}}.',
  blocks: [
    heading('Invitation requests for {{orgName}}'),
    paragraph('**{{requesters}}** asked to be invited to **{{orgName}}** and confirmed their address.'),
    button('Review the requests', 'reviewUrl'),
    note('Approve a request to send an invitation, or dismiss it; dismissing sends nothing.'),
  ],
  footer: 'You received this email because you are an administrator of {{orgName}} on Guestlist.',
  values: digestValues,
});

/** The same digest as one Slack line. */
export function requestsDigestSlack(kind: string, payload: Record<string, unknown>): { text: string } {
  const v = digestValues(readFields(kind, payload));
  return { text: `${escapeSlack(v.orgName)}: ${v.what} from ${escapeSlack(v.requesters)} — review them at ${v.reviewUrl}` };
}
