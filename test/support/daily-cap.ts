import { sql } from 'kysely';
import type { BootstrapResult } from '../../src/domain/organizations/bootstrap.ts';
import type { TestApp } from './app.ts';
import { bootstrap } from './client.ts';

/** How many members a transaction of a send to all pending takes: 150 on the embedded database, 5,000 on PostgreSQL. */
export const sendSlice = (t: TestApp): number => (t.database.kind === 'postgres' ? 5_000 : 150);

/**
 * Another sender whose `sent` invitations commit together with the first invitations written
 * after this call (a send's first slice): a trigger adds them to the organization's daily count
 * once. A request racing the send could land before or after any slice; this lands exactly after
 * the first. One per database.
 */
export async function otherSenderWithFirstSlice(t: TestApp, orgId: string, sent: number): Promise<void> {
  const db = t.database.db;
  await sql`create table other_sender (org_id uuid not null, sent int not null)`.execute(db);
  await sql`insert into other_sender values (${orgId}::uuid, ${sent}::int)`.execute(db);
  await sql`
    create function other_sender_sends() returns trigger language plpgsql as $$
    begin
      with d as (delete from other_sender returning org_id, sent)
      insert into invitation_sends (org_id, hour, slot, sent)
      select org_id, date_trunc('hour', now()), 0, sent from d
      on conflict (org_id, hour, slot) do update set sent = invitation_sends.sent + excluded.sent;
      return null;
    end $$`.execute(db);
  await sql`create trigger other_sender after insert on invitations for each statement execute function other_sender_sends()`.execute(db);
}

/** Adds `n` pending members p1..pn@`domain` to the organization. */
export async function addPendingMembers(t: TestApp, orgId: string, n: number, domain: string): Promise<void> {
  await sql`insert into members (org_id, email, email_normalized, role, source)
    select ${orgId}::uuid, 'p' || g || '@' || ${domain}, 'p' || g || '@' || ${domain}, 'member', 'api' from generate_series(1, ${n}::int) g`.execute(t.database.db);
}

/**
 * An organization of `pending` members (two slices and 30 more) whose daily cap (`cap`, the test
 * app's INVITATIONS_PER_DAY_PER_ORG) runs out, through another sender, after a send's first slice
 * and `fit` more members: a send to all pending reaches it in its second slice.
 */
export async function orgCappedInSecondSlice(t: TestApp, slug: string, cap: number): Promise<BootstrapResult & { slice: number; fit: number; pending: number }> {
  const boot = await bootstrap(t, slug);
  const slice = sendSlice(t);
  const fit = 70;
  const pending = 2 * slice + 30;
  await addPendingMembers(t, boot.org.id, pending, `${slug}.test`);
  await otherSenderWithFirstSlice(t, boot.org.id, cap - slice - fit);
  return { ...boot, slice, fit, pending };
}
