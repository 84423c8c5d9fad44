import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * SCIM provisioning (RFC 7643/7644): what an identity provider says about a member or a team beyond
 * Guestlist's own columns is kept as it was sent (name parts, phone numbers, the enterprise
 * extension, ...), bounded, and given back on every read; `scim_external_id` is the provider's own
 * id, which providers match on. `scim_modified_at` is meta.lastModified of a SCIM write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    alter table members
      add column scim_external_id text check (length(scim_external_id) between 1 and 512),
      add column scim_attributes jsonb check (jsonb_typeof(scim_attributes) = 'object' and octet_length(scim_attributes::text) <= 16384),
      add column scim_modified_at timestamptz;
    create index members_scim_external_id on members (org_id, scim_external_id) where scim_external_id is not null;

    alter table teams
      add column scim_external_id text check (length(scim_external_id) between 1 and 512),
      add column scim_modified_at timestamptz;
    create index teams_scim_external_id on teams (org_id, scim_external_id) where scim_external_id is not null;
  `,
  );
}
