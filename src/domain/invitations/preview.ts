import type { Db } from '../../storage/db.ts';
import { findAccountByEmail } from '../../storage/accounts.ts';
import { describeActor } from '../../storage/actors.ts';
import type { OrgRole } from '../../storage/schema.ts';
import { inviterNameForInvitee } from '../actor.ts';
import { readOrganization } from '../organizations/organization.ts';
import { getInvitationByToken } from './find-by-token.ts';
import { assertAnswerable } from './invitation.ts';

export interface InvitationPreview {
  invitationId: string;
  email: string;
  role: OrgRole;
  expiresAt: Date;
  organization: { id: string; slug: string; name: string };
  inviter: { name: string };
  /** Whether the invited address already has an account (sign in) or not (choose a password). */
  accountExists: boolean;
}

/** What the invite page shows (R7). Reading changes nothing; an ended invitation throws its R11 code. */
export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview> {
  const invitation = await getInvitationByToken(db, token);
  assertAnswerable(invitation.status);
  const org = await readOrganization(db, invitation.orgId);
  const inviter = await describeActor(db, invitation.invitedBy);
  const account = await findAccountByEmail(db, invitation.emailNormalized);
  return {
    invitationId: invitation.id,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    organization: { id: org.id, slug: org.slug, name: org.name },
    inviter: { name: inviterNameForInvitee(inviter.email ? inviter.name : null, org.name) },
    accountExists: account !== undefined,
  };
}
