import type { Kysely } from 'kysely';
import { execScript } from '../exec-script.ts';

/**
 * The audit log lists events newest first by (at, id). Events written together (a member added and
 * invited by one statement, a run of small invites sharing a transaction) often share `at`: the
 * embedded database's clock counts milliseconds, and one statement writes many rows within one.
 * With random ids such ties listed in random order ("invited" before "added"). New events get a
 * time-ordered UUID (RFC 9562 version 7: 48 bits of Unix milliseconds, then a 42-bit counter from
 * a sequence, then 32 random bits), so an event written later has the larger id whenever the
 * times tie. Only the default changes: no rewrite of the table; events already written keep
 * their ids.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execScript(
    db,
    `
    create sequence audit_events_order as bigint;
    create function guestlist_time_ordered_uuid() returns uuid language sql volatile as $fn$
      select encode(
        int8send((floor(extract(epoch from clock_timestamp()) * 1000)::bigint << 16) | 28672 | (n >> 30))
          || int8send((1::bigint << 63) | ((n & 1073741823) << 32) | floor(random() * 4294967296)::bigint),
        'hex')::uuid
      from (select nextval('audit_events_order') & 4398046511103 as n) s
    $fn$;
    alter table audit_events alter column id set default guestlist_time_ordered_uuid();
  `,
  );
}
