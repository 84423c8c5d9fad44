import { describe, expect, test } from 'vitest';
import { detailLines, eventLabel, targetLabel, type AuditEvent } from '../../web/src/settings/audit-text.ts';

const event = (over: Partial<AuditEvent>): AuditEvent => ({ action: 'invitation.created', target: null, targetName: null, data: {}, ...over });

// Issue 8: a bulk call is one audit event naming its people; the log says so in the plural.
describe('audit log wording', () => {
  test('one call inviting many reads as many', () => {
    const batch = event({ data: { count: 3, items: [{ email: 'a@x.test' }, { email: 'b@x.test' }, { email: 'c@x.test' }] } });
    expect([eventLabel(batch), targetLabel(batch), detailLines(batch)]).toEqual(['Sent invitations', '3 people', ['a@x.test, b@x.test, c@x.test']]);
    const added = event({ action: 'member.created', data: { count: 10000, items: [{ email: 'a@x.test' }] } });
    expect([eventLabel(added), targetLabel(added), detailLines(added)]).toEqual(['Added people', '10,000 people', ['a@x.test and 9,999 more']]);
  });

  test('one person reads as one', () => {
    const single = event({ target: 'invitation:5d0c', targetName: 'a@x.test', data: { email: 'a@x.test', role: 'member' } });
    expect([eventLabel(single), targetLabel(single)]).toEqual(['Sent an invitation', 'Invitation to a@x.test']);
    expect(eventLabel(event({ action: 'api_token.revoked', target: 'api_token:t2', targetName: 'old' }))).toBe('Revoked an API token');
  });
});
