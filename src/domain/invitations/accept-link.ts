import type { Db } from '../../storage/db.ts';
import type { Actor } from '../actor.ts';
import { DomainError } from '../errors.ts';
import { acceptAsNewPerson, acceptLinkAsAccount, type Accepted } from './accept.ts';
import { getInvitationByToken } from './find-by-token.ts';
import { previewInvitation } from './preview.ts';

/**
 * Accepting through an invite link (R8, R9). A signed-in account must own the invited address;
 * anyone not signed in is a new person and gives a name and a password, unless the address already
 * has an account (account_exists: sign in first). Invitations are accepted by people, not API tokens.
 */
export async function acceptThroughLink(
  db: Db,
  token: string,
  actor: Actor | undefined,
  input: { name?: string | undefined; password?: string | undefined },
): Promise<Accepted> {
  if (actor && actor.kind !== 'account') throw new DomainError('forbidden', 'Invitations are accepted by people, not API tokens.');
  if (actor) return acceptLinkAsAccount(db, await getInvitationByToken(db, token), actor);
  if (!input.name || !input.password) {
    const preview = await previewInvitation(db, token);
    if (preview.accountExists) throw new DomainError('account_exists');
    throw new DomainError('validation_failed', `${!input.name ? 'name' : 'password'}: required to create your account.`);
  }
  return acceptAsNewPerson(db, token, { name: input.name, password: input.password });
}
