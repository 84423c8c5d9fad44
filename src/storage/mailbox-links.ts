import { sql, type RawBuilder } from 'kysely';
import { isLiveSql } from './invitations.ts';

/** How long an account email's link works (Better Auth's reset and verification default). */
const ACCOUNT_LINK_LIFETIME = '1 hour';

/**
 * SQL: whether a development mailbox row's links no longer work. An organization's email: its
 * invitation token is no longer a live pending invitation's (accepted, declined, revoked, expired,
 * replaced by a resend or reminder). An account email: older than its link's lifetime, or a reset
 * link already used (its verification row is gone). `row` names the dev_mailbox row.
 */
export function mailboxLinksDead(row: string): RawBuilder<boolean> {
  const col = (name: string) => sql.ref(`${row}.${name}`);
  return sql<boolean>`(
    (${col('org_id')} is null and (
      ${col('created_at')} <= now() - ${ACCOUNT_LINK_LIFETIME}::interval
      or (substring(${col('text')} from '/reset-password[?]token=([A-Za-z0-9_-]+)') is not null and not exists (
        select 1 from auth_verification v where v.identifier = 'reset-password:' || substring(${col('text')} from '/reset-password[?]token=([A-Za-z0-9_-]+)')
      ))
    ))
    or (${col('org_id')} is not null and not exists (
      select 1 from invitations i
      where i.token_hash = sha256(convert_to(substring(${col('text')} from '/invite/(gli_[A-Za-z0-9_-]+)'), 'UTF8'))
        and ${isLiveSql('i')}
    ))
  )`;
}

/** SQL: a mailbox row's `text` or `html` with its links replaced, when `dead`; as it is otherwise. */
export function withoutDeadLinks(row: string, column: 'text' | 'html', dead: RawBuilder<boolean>): RawBuilder<string> {
  const value = sql.ref(`${row}.${column}`);
  const org = sql.ref(`${row}.org_id`);
  return sql<string>`case when not ${dead} then ${value}
    when ${org} is null then regexp_replace(${value}, 'https?://[^[:space:]"<>'']+', '(link removed)', 'g')
    else regexp_replace(${value}, '/invite/gli_[A-Za-z0-9_-]+', '/invite/(link removed)', 'g') end`;
}
