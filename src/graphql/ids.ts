import { isId } from '../domain/organizations/organization.ts';

/**
 * Global ids in the style OpsLevel's clients expect: unpadded base64url of `gid://guestlist/<Type>/<uuid>`
 * (the clients tell an id from an email address by testing for unpadded base64url).
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`gid://guestlist/${type}/${id}`).toString('base64url');
}

/** The uuid behind a global id of this type, or a REST uuid as it is; undefined for anything else. */
export function fromGlobalId(type: string, value: string): string | undefined {
  if (isId(value)) return value;
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const match = new RegExp(`^gid://guestlist/${type}/(.+)$`).exec(Buffer.from(value, 'base64url').toString('utf8'));
  return match && isId(match[1]!) ? match[1] : undefined;
}
