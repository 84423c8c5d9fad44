import type { OrgAccess } from '../../domain/actor.ts';

/** Variables of a SCIM request: what the scim token may do. */
export interface ScimEnv {
  Variables: { access: OrgAccess };
}
