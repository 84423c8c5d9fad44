import { recordAudit } from '../../storage/audit.ts';
import type { Db } from '../../storage/db.ts';
import { confirmRequestByToken } from '../../storage/invitation-requests.ts';
import { findOrganizationById } from '../../storage/organizations.ts';
import { DomainError } from '../errors.ts';
import { hashSecret } from '../secrets.ts';

/**
 * The requester follows the link mailed to the address (R12): the request becomes open for admins
 * (who hear of it in the next digest). The link works once and for a day; request_link_invalid
 * for anything else, also when the organization no longer takes requests.
 */
export async function confirmInvitationRequest(db: Db, token: string): Promise<{ orgName: string }> {
  if (!/^glr_[A-Za-z0-9_-]{43}$/.test(token)) throw new DomainError('request_link_invalid');
  return db.transaction().execute(async (trx) => {
    const request = await confirmRequestByToken(trx, hashSecret(token));
    const org = request && (await findOrganizationById(trx, request.orgId));
    if (!request || !org?.invitationRequestsEnabled) throw new DomainError('request_link_invalid');
    await recordAudit(trx, [{ orgId: org.id, actor: 'system:request', action: 'invitation_request.confirmed', target: `invitation_request:${request.id}`, data: { email: request.email } }]);
    return { orgName: org.name };
  });
}
