import { NotSentError, SmtpSession, type SmtpTarget } from './smtp-session.ts';

/** A connection unused this long is closed (servers drop idle ones; a message then found it closed). */
const IDLE_MS = 5_000;

function closedError(): Error {
  return Object.assign(new Error('The email transport is closed'), { code: 'ECLOSED' });
}

export interface SmtpSessions {
  /** Sends one message on a connection of the pool (see smtpSessions for which). */
  send(from: string, to: string, message: string): Promise<void>;
  /** Closes every connection: sends under way finish first, sends waiting for a connection fail. */
  close(): Promise<void>;
}

/** How many messages may queue on one connection whose server offers PIPELINING (one otherwise). */
const DEPTH = 4;
/** How many connections a message whose data never left (NotSentError) is tried on. */
const TRIES = 3;

/**
 * Up to `max` SMTP connections (smtp-session.ts), reused while they work: a message goes to a free
 * connection, else to a new one while fewer than `max` are open, else queues behind others on the
 * least busy connection that pipelines (up to DEPTH), else waits. A connection the network or the
 * server broke is dropped; its messages that never left go to another connection (one more than
 * `max` may be opened for them). A message the server refused leaves its connection in use.
 */
export function smtpSessions(target: SmtpTarget, max: number): SmtpSessions {
  /** Open connections, each with the timer that closes it while it carries nothing. */
  const sessions = new Map<SmtpSession, NodeJS.Timeout | undefined>();
  let opening = 0;
  /** Connections opened beyond `max` for messages tried again: theirs alone, closed once they carry nothing. */
  const spares = new Set<SmtpSession>();
  /** Messages waiting for room on a connection. */
  const waiters: Array<() => void> = [];
  /** Sends under way, and who waits for them to end (close). */
  let sending = 0;
  let settled: (() => void) | undefined;
  let closing: Promise<void> | undefined;
  const closed = () => closing !== undefined;

  /** Forgets the connection and says goodbye on it. */
  const drop = (session: SmtpSession): Promise<void> => {
    clearTimeout(sessions.get(session));
    sessions.delete(session);
    spares.delete(session);
    return session.quit();
  };

  /** Room came free (a message ended, a connection closed): the first waiting message looks again. */
  const wake = () => waiters.shift()?.();
  const wakeAll = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };

  /** The connection to queue a message on now, if one has room (free ones first; only a free one when `alone`). */
  const roomy = (alone: boolean): SmtpSession | undefined => {
    let best: SmtpSession | undefined;
    for (const session of [...sessions.keys()]) {
      if (!session.usable) {
        void drop(session);
        continue;
      }
      if (session.load >= (session.pipelining && !alone ? DEPTH : 1) || (spares.has(session) && !alone)) continue;
      if (session.load === 0 || sessions.size + opening >= max) {
        if (!best || session.load < best.load) best = session;
      }
    }
    return best;
  };

  /**
   * Queues the message on a connection with room, opening one when allowed, else waits for room.
   * `alone`: a message tried again goes first on its connection (behind others on a server that
   * hangs up after each message it would never leave), on a connection opened beyond `max` if
   * need be, so that it does not wait for a busy pool to have a free one.
   */
  const enqueue = async (from: string, to: string, message: string, alone: boolean): Promise<{ session: SmtpSession; sent: Promise<void> }> => {
    for (;;) {
      if (closed()) throw closedError();
      const session = roomy(alone);
      if (session) {
        clearTimeout(sessions.get(session));
        sessions.set(session, undefined);
        return { session, sent: session.send(from, to, message) };
      }
      if (sessions.size + opening < max + (alone ? 1 : 0)) {
        opening++;
        let opened: SmtpSession;
        try {
          opened = await SmtpSession.open(target);
        } catch (error) {
          wake();
          throw error;
        } finally {
          opening--;
        }
        // Opened for a send under way: it is sent even if the pool was closed meanwhile (close waits for it).
        if (sessions.size >= max) spares.add(opened);
        sessions.set(opened, undefined);
        const sent = opened.send(from, to, message);
        // Messages waiting for room may queue behind this one now.
        wakeAll();
        return { session: opened, sent };
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };

  /** After a message on `session`: close it when broken, time it out when it carries nothing, and let a waiter in. */
  const after = (session: SmtpSession) => {
    if (!sessions.has(session)) return wake();
    // Closing: a connection still carrying queued messages is left to finish them (close quits it then).
    if (!session.usable || (session.load === 0 && (closed() || spares.has(session)))) void drop(session);
    else if (session.load === 0) {
      clearTimeout(sessions.get(session));
      sessions.set(session, setTimeout(() => session.load === 0 && !closed() && void drop(session), IDLE_MS).unref());
    }
    wake();
  };

  return {
    async send(from, to, message) {
      sending++;
      try {
        for (let tries = 1; ; tries++) {
          const { session, sent } = await enqueue(from, to, message, tries > 1);
          try {
            return await sent;
          } catch (error) {
            if (!(error instanceof NotSentError)) throw error;
            if (tries >= TRIES) throw error.reason;
          } finally {
            after(session);
          }
        }
      } finally {
        if (--sending === 0) settled?.();
      }
    },
    close() {
      return (closing ??= (async () => {
        wakeAll();
        if (sending > 0) await new Promise<void>((resolve) => (settled = resolve));
        await Promise.all([...sessions.keys()].map(drop));
      })());
    },
  };
}
