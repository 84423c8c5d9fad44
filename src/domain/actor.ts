import type { OrganizationRow } from '../storage/organizations.ts';
import type { OrgRole, TokenScope } from '../storage/schema.ts';

/** Who is acting. Authorization is decided from server-side data only. */
export type Actor =
  | { kind: 'account'; accountId: string; email: string; name: string; emailVerified: boolean }
  /** `org`: the token's organization as read with the token in this request, when it was. */
  | { kind: 'token'; tokenId: string; orgId: string; scope: TokenScope; name: string; org?: OrganizationRow | undefined }
  | { kind: 'system'; name: string };

/** What an actor may do inside one organization. */
export interface OrgAccess {
  orgId: string;
  actor: Actor;
  /** The role the actor acts with; an admin-scope token acts as admin, a read token as member. */
  role: OrgRole;
}

/** The stable string recorded as invitedBy and in audit events; never a secret. */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case 'account':
      return `account:${actor.accountId}`;
    case 'token':
      return `token:${actor.tokenId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

/** A human-readable name for emails ("Ada Lovelace invited you"). */
export function actorDisplayName(actor: Actor): string {
  return actor.kind === 'account' ? actor.name || actor.email : actor.name;
}

/** The person an invitation email names as its inviter: an account's name, none for a token or the system. */
export function personInviting(actor: Actor): string | null {
  return actor.kind === 'account' ? actorDisplayName(actor) : null;
}

/**
 * Who invited someone, as the invitee reads it: the person's name, or, for an API token or the
 * system, the organization's administrators (a token's name means nothing to an invitee).
 */
export function inviterNameForInvitee(person: string | null, orgName: string): string {
  return person ?? `An administrator of ${orgName}`;
}
