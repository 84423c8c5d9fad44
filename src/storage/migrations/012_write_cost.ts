import { sql, type Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * What an invite writes, made cheaper (issue 8):
 * - The daily invitation cap is counted from hourly counters instead of the outbox: counting queued
 *   invitation emails read every one the organization sent in the last 24 hours (three times per
 *   invite), so each invite got slower as the day's sends grew. A send adds to one of 16 slots of
 *   the current hour, chosen at random, so concurrent invites rarely wait on the same row. Seeded
 *   from the outbox's last day; the outbox's partial index for the old count is dropped.
 * - The organization of every row written to members, invitations, notifications and audit_events
 *   is checked once per statement (a trigger over the statement's new rows, locking the named
 *   organizations as a foreign key check does) instead of once per row: a 10,000-address invite
 *   checked the one organization 40,000 times. Deleting an organization still deletes its rows, and
 *   a row cannot move to another organization.
 * - Two indexes nothing reads any more: members by creation time (the Users list pages by address)
 *   and queued notifications by organization (the mute uses the (org_id, status, ...) index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create table invitation_sends (
      org_id uuid not null references organizations(id) on delete cascade,
      hour timestamptz not null check (hour = date_trunc('hour', hour)),
      slot smallint not null check (slot between 0 and 15),
      sent integer not null check (sent >= 0),
      primary key (org_id, hour, slot)
    );
    insert into invitation_sends (org_id, hour, slot, sent)
      select org_id, date_trunc('hour', created_at), 0, count(*)
      from notifications
      where kind in ('invitation', 'invitation_resend') and created_at > now() - interval '25 hours'
      group by 1, 2;
    drop index notifications_invitations_sent;
    drop index members_org_created;
    drop index notifications_org_queued;

  `,
  );
  await sql.raw(`
    create function guestlist_rows_org_exists() returns trigger language plpgsql as $fn$
    declare
      named integer;
      held integer;
    begin
      select count(distinct org_id) into named from new_rows;
      select count(*) into held from (
        select 1 from organizations o where o.id in (select org_id from new_rows) for key share
      ) locked;
      if held < named then
        raise exception 'insert into % names an organization that does not exist', tg_table_name
          using errcode = 'foreign_key_violation';
      end if;
      return null;
    end
    $fn$
  `).execute(db);
  await sql.raw(`
    create function guestlist_org_id_fixed() returns trigger language plpgsql as $fn$
    begin
      raise exception 'the organization of a row of % cannot change', tg_table_name using errcode = 'foreign_key_violation';
    end
    $fn$
  `).execute(db);
  await sql.raw(`
    create function guestlist_delete_org_rows() returns trigger language plpgsql as $fn$
    begin
      delete from audit_events where org_id = old.id;
      delete from notifications where org_id = old.id;
      delete from invitations where org_id = old.id;
      delete from members where org_id = old.id;
      return old;
    end
    $fn$
  `).execute(db);
  await sql.raw(`
    create trigger organizations_delete_rows before delete on organizations
      for each row execute function guestlist_delete_org_rows()
  `).execute(db);
  for (const table of ['members', 'invitations', 'notifications', 'audit_events']) {
    await execScript(
      db,
      `
      alter table ${table} drop constraint ${table}_org_id_fkey;
      create trigger ${table}_org_exists after insert on ${table}
        referencing new table as new_rows for each statement execute function guestlist_rows_org_exists();
      create trigger ${table}_org_id_fixed before update of org_id on ${table}
        for each row when (new.org_id is distinct from old.org_id) execute function guestlist_org_id_fixed();
      `,
    );
  }
}
