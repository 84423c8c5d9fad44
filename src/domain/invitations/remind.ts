import type { Db } from '../../storage/db.ts';
import { recordAudit } from '../../storage/audit.ts';
import { enqueueNotifications } from '../../storage/outbox.ts';
import { lockDueReminders, replaceTokensForReminders, type DueReminder } from '../../storage/sweeps.ts';
import { hashSecret, newSecret } from '../secrets.ts';
import { invitationEmailPayload, type InvitationEmailPayload } from './invitation.ts';

export interface ReminderOptions {
  publicUrl: string;
  /** The database's clock when undefined; tests move time on with an instant. */
  now: Date | undefined;
  /** Invitations handled per transaction (kept short: on the embedded database every request waits behind it). */
  chunk: number;
  /** At most this many reminders per call. */
  max: number;
}

function reminderPayload(r: DueReminder, publicUrl: string, token: string): InvitationEmailPayload {
  return invitationEmailPayload({ ...r, invitationId: r.id, inviterName: r.inviterName ?? r.orgName }, publicUrl, token);
}

/** One chunk in one transaction; returns how many reminders it queued. */
async function remindChunk(db: Db, options: ReminderOptions, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await lockDueReminders(trx, options.now, limit);
    if (due.length === 0) return 0;
    const tokens = due.map(() => newSecret('gli'));
    await replaceTokensForReminders(trx, options.now, due.map((r, i) => ({ orgId: r.orgId, id: r.id, tokenHash: hashSecret(tokens[i]!) })));
    await enqueueNotifications(
      trx,
      due.map((r, i) => ({ orgId: r.orgId, channel: 'email' as const, kind: 'invitation_reminder', recipient: r.email, payload: { ...reminderPayload(r, options.publicUrl, tokens[i]!) } })),
    );
    await recordAudit(
      trx,
      due.map((r) => ({ orgId: r.orgId, actor: 'system:reminder', action: 'invitation.reminded', target: `invitation:${r.id}`, data: { memberId: r.memberId, email: r.email } })),
    );
    return due.length;
  });
}

/**
 * Queues the once-only reminder for pending invitations that expire within a day (see
 * lockDueReminders for which). Each reminder carries a fresh link: the invitation gets a new token
 * and the previous link stops working, as with a resend, but the expiry stays. No link is read
 * back from an earlier email. Safe from several workers at once.
 */
export async function sendDueReminders(db: Db, options: ReminderOptions): Promise<number> {
  let total = 0;
  while (total < options.max) {
    const limit = Math.min(options.chunk, options.max - total);
    const queued = await remindChunk(db, options, limit);
    total += queued;
    if (queued < limit) break;
  }
  return total;
}
