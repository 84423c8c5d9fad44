import type { OrgRole } from '../../storage/schema.ts';
import type { Organization } from '../../domain/organizations/organization.ts';
import { visibleSettings } from '../../domain/organizations/visible-settings.ts';
import { isoTime } from '../../text/iso-time.ts';

/** The organization as the API shows it, with the settings this role may read. */
export function presentOrganization(org: Organization, role: OrgRole) {
  return { id: org.id, slug: org.slug, name: org.name, role, settings: visibleSettings(org, role), createdAt: isoTime(org.createdAt) };
}
