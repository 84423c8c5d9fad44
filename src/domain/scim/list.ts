import type { Db } from '../../storage/db.ts';
import { findScimGroup, scimGroupColumns, selectScimGroups, type ScimGroupRow } from '../../storage/scim-groups.ts';
import type { ScimCondition, ScimFilter } from '../../storage/scim-filter.ts';
import { findScimUser, scimUserColumns, selectScimUsers, type ScimUserRow } from '../../storage/scim-users.ts';
import type { OrgAccess } from '../actor.ts';
import { checkEmail } from '../email.ts';
import { DomainError } from '../errors.ts';

export type { ScimCondition, ScimFilter };

/** startIndex is 1-based (RFC 7644 §3.4.2.4); count 0 asks for the total alone. */
export interface ScimPage {
  startIndex: number;
  count: number;
}

export interface ScimList<T> {
  total: number;
  rows: T[];
}

/** The most resources one page holds (ServiceProviderConfig filter.maxResults). */
export const MAX_SCIM_PAGE = 1000;

/**
 * The filter with each attribute in the spelling of `known` (attribute names are case-insensitive,
 * RFC 7643 §2.1), or validation_failed naming one it cannot filter on; `active` compares with a
 * boolean only.
 */
function checkAttributes(filter: ScimFilter, known: Readonly<Record<string, unknown>>): ScimFilter {
  const spelled = new Map(Object.keys(known).map((k) => [k.toLowerCase(), k]));
  return filter.map((all) =>
    all.map((c) => {
      const attr = spelled.get(c.attr.toLowerCase());
      if (!attr) throw new DomainError('validation_failed', `filter: "${c.attr.slice(0, 100)}" cannot be filtered on; use one of ${Object.keys(known).join(', ')}.`, { field: 'filter' });
      if (attr === 'active' && c.op !== 'pr' && typeof c.value !== 'boolean' && !/^(true|false)$/i.test(String(c.value))) {
        throw new DomainError('validation_failed', 'filter: active compares with true or false.', { field: 'filter' });
      }
      return { ...c, attr };
    }),
  );
}

/** Addresses compare in their normalized form (PRODUCT §4.1); an address that is not valid matches nothing. */
function normalizeAddresses(filter: ScimFilter): ScimFilter {
  return filter.map((all) =>
    all.map((c): ScimCondition => {
      if (!['userName', 'emails', 'emails.value'].includes(c.attr) || c.op !== 'eq' || typeof c.value !== 'string') return c;
      const checked = checkEmail(c.value);
      // (an id that is not a uuid matches nothing)
      return checked.ok ? { ...c, value: checked.email.normalized } : { attr: 'id', op: 'eq', value: 'none' };
    }),
  );
}

function offsetOf(page: ScimPage): { offset: number; limit: number } {
  return { offset: Math.max(1, page.startIndex) - 1, limit: Math.min(Math.max(0, page.count), MAX_SCIM_PAGE) };
}

/** The organization's members for SCIM, deactivated ones included (providers look them up), in a stable order. */
export async function listProvisionedUsers(db: Db, access: OrgAccess, filter: ScimFilter, page: ScimPage): Promise<ScimList<ScimUserRow>> {
  return selectScimUsers(db, access.orgId, normalizeAddresses(checkAttributes(filter, scimUserColumns)), offsetOf(page));
}

/** One member for SCIM, or member_not_found. */
export async function getProvisionedUser(db: Db, access: OrgAccess, id: string): Promise<ScimUserRow> {
  const row = await findScimUser(db, access.orgId, id);
  if (!row) throw new DomainError('member_not_found');
  return row;
}

/** The organization's teams for SCIM, with their members unless excluded. */
export async function listProvisionedGroups(db: Db, access: OrgAccess, filter: ScimFilter, page: ScimPage & { withMembers: boolean }): Promise<ScimList<ScimGroupRow>> {
  return selectScimGroups(db, access.orgId, checkAttributes(filter, scimGroupColumns), { ...offsetOf(page), withMembers: page.withMembers });
}

/** One team for SCIM, or team_not_found. */
export async function getProvisionedGroup(db: Db, access: OrgAccess, id: string, withMembers: boolean): Promise<ScimGroupRow> {
  const row = await findScimGroup(db, access.orgId, id, withMembers);
  if (!row) throw new DomainError('team_not_found');
  return row;
}
