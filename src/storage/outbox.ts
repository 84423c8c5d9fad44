import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import { INVITATION_EMAIL_KINDS, invitationSendsUpsert } from './invitation-counts.ts';
import { writeTogether } from './write-together.ts';

export interface OutboxMessage {
  orgId: string;
  channel: 'email' | 'slack' | 'webhook';
  kind: string;
  recipient: string;
  payload: Record<string, unknown>;
}

/**
 * Queues notifications in the caller's transaction (the transactional outbox): they exist exactly
 * when the change that caused them commits, and a worker delivers them afterwards. Invitation
 * emails are added to the daily cap's counts in the same statement, and `alongside` (independent
 * writes, such as the audit rows of the same change) too: one round trip.
 */
export async function enqueueNotifications(db: Db, messages: readonly OutboxMessage[], alongside: readonly (RawBuilder<unknown> | undefined)[] = []): Promise<void> {
  const invitationsPerOrg = new Map<string, number>();
  for (const m of messages) if (isInvitationEmail(m.kind)) invitationsPerOrg.set(m.orgId, (invitationsPerOrg.get(m.orgId) ?? 0) + 1);
  await writeTogether(db, [outboxInsert(messages), invitationSendsUpsert(invitationsPerOrg), ...alongside]);
}

/** The INSERT of the messages as one JSON document (escaping each payload into an array literal cost more than the insert). */
function outboxInsert(messages: readonly OutboxMessage[]): RawBuilder<unknown> | undefined {
  if (messages.length === 0) return undefined;
  return sql`
    insert into notifications (org_id, channel, kind, recipient, payload)
    select org_id, channel, kind, recipient, payload
    from json_to_recordset(${JSON.stringify(messages.map((m) => ({ org_id: m.orgId, channel: m.channel, kind: m.kind, recipient: m.recipient, payload: m.payload })))}::json)
      as t(org_id uuid, channel text, kind text, recipient text, payload jsonb)
  `;
}

const invitationEmailKinds: ReadonlySet<string> = new Set(INVITATION_EMAIL_KINDS);
function isInvitationEmail(kind: string): boolean {
  return invitationEmailKinds.has(kind);
}

/**
 * The payload fields that carry a working secret link (invitation, password reset, address
 * verification, invitation request confirmation). They are kept only while a message is queued, and removed by the statement that
 * ends it (sent, failed or suppressed).
 */
export const SECRET_PAYLOAD_KEYS: readonly string[] = ['acceptUrl', 'resetUrl', 'verifyUrl', 'confirmUrl'];

/** Why a message was suppressed by the organization's mute (PRODUCT §1.4). */
export const MUTED_REASON = 'notifications were disabled for the organization';

/** `payload` without its secret links, as a SQL jsonb expression (typed as the column is written). */
export function scrubbedPayload(column: RawBuilder<unknown> = sql.ref('payload')): RawBuilder<string> {
  return sql<string>`${column} - ${sql.val(SECRET_PAYLOAD_KEYS)}::text[]`;
}

/**
 * Marks the organization's queued email and Slack messages `suppressed` (PRODUCT §1.4: messages
 * already queued when notifications are switched off are never sent, even if they are switched back
 * on before the worker reaches them) and drops their links. A message under a live worker lease is
 * left to that worker, which checks the switch again just before sending and records what really
 * happened. Webhooks are machine events and stay queued.
 */
export async function suppressQueuedMessages(db: Db, orgId: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ status: 'suppressed', lastError: MUTED_REASON, payload: scrubbedPayload() })
    .where('orgId', '=', orgId)
    .where('status', '=', 'queued')
    .where('channel', 'in', ['email', 'slack'])
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', sql<Date>`now()`)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Queues an account email (verification, password reset: no organization) in the account outbox,
 * in the caller's transaction when there is one.
 */
export async function enqueueAccountEmail(db: Db, kind: string, recipient: string, payload: Record<string, unknown>): Promise<void> {
  await db.insertInto('account_notifications').values({ kind, recipient, payload: JSON.stringify(payload) }).execute();
}
