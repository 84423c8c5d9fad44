/** Attribute names of the User, enterprise User and Group schemas (RFC 7643 §4), as spelled there. */
const NAMES = [
  'userName', 'name', 'formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix', 'displayName', 'nickName',
  'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'active', 'password', 'emails', 'value', 'display', 'type',
  'primary', 'phoneNumbers', 'ims', 'photos', 'addresses', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'groups',
  'entitlements', 'roles', 'x509Certificates', 'externalId', 'members', 'employeeNumber', 'costCenter', 'organization', 'division',
  'department', 'manager', 'id', 'meta',
];
const SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', 'urn:ietf:params:scim:schemas:core:2.0:Group'];

const byLower = new Map(NAMES.map((n) => [n.toLowerCase(), n]));

/**
 * An attribute path with the schemas' own spelling (attribute names are case-insensitive, RFC 7643
 * §2.1): `Emails[Type eq "work"].Value` reads as `emails[type eq "work"].value`. Quoted values and
 * unknown names are left as they are.
 */
export function canonicalPath(path: string): string {
  const schema = SCHEMAS.find((s) => path.toLowerCase().startsWith(`${s.toLowerCase()}:`) || path.toLowerCase() === s.toLowerCase());
  const prefix = schema ? `${schema}${path.length > schema.length ? ':' : ''}` : '';
  const rest = schema ? path.slice(schema.length + 1) : path;
  const parts = rest.split(/("(?:[^"\\]|\\.)*")/);
  return prefix + parts.map((part, i) => (i % 2 ? part : part.replace(/[A-Za-z$][\w$]*/g, (word) => byLower.get(word.toLowerCase()) ?? word))).join('');
}
