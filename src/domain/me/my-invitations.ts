import { describeActors } from '../../storage/actors.ts';
import type { Db } from '../../storage/db.ts';
import { listPendingForEmail } from '../../storage/invitations-list.ts';
import type { OrgRole } from '../../storage/schema.ts';
import { inviterNameForInvitee } from '../actor.ts';
import { checkEmail } from '../email.ts';

export interface MyInvitation {
  id: string;
  email: string;
  role: OrgRole;
  expiresAt: Date;
  organization: { id: string; slug: string; name: string };
  inviter: { name: string };
}

export interface MyInvitations {
  items: MyInvitation[];
  /** Invitations are listed only for a verified address: anyone may sign up with any address. */
  emailVerified: boolean;
}

/**
 * The bell (R10): live pending invitations addressed to the signed-in account's address, in every
 * organization, newest first. Empty until the address is verified.
 */
export async function listMyInvitations(db: Db, account: { email: string; emailVerified: boolean }): Promise<MyInvitations> {
  const email = checkEmail(account.email);
  const rows = email.ok && account.emailVerified ? await listPendingForEmail(db, email.email.normalized) : [];
  const inviters = await describeActors(db, rows.map((r) => r.invitedBy));
  const items = rows.map((r) => {
    const person = inviters.get(r.invitedBy ?? '');
    return {
      id: r.id, email: r.email, role: r.role, expiresAt: r.expiresAt,
      organization: { id: r.orgId, slug: r.orgSlug, name: r.orgName },
      inviter: { name: inviterNameForInvitee(person?.email ? person.name : null, r.orgName) },
    };
  });
  return { items, emailVerified: account.emailVerified };
}
