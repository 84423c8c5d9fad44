import { SmtpSession, type SmtpTarget } from './smtp-session.ts';

/** A connection unused this long is closed (servers drop idle ones; a message then found it closed). */
const IDLE_MS = 5_000;

export interface SmtpSessions {
  /** Sends one message on a connection of the pool, opening one if none is free and fewer than the most are open. */
  send(from: string, to: string, message: string): Promise<void>;
  /** Closes every connection; sends under way finish first. */
  close(): Promise<void>;
}

/**
 * Up to `max` SMTP connections (smtp-session.ts), each carrying one message at a time, reused while
 * they work: a connection the network or the server broke is dropped and the next message opens a
 * new one; a message the server refused leaves its connection in use.
 */
export function smtpSessions(target: SmtpTarget, max: number): SmtpSessions {
  const idle: SmtpSession[] = [];
  const timers = new Map<SmtpSession, NodeJS.Timeout>();
  const queue: Array<{ resolve(session: SmtpSession): void; reject(error: unknown): void }> = [];
  let open = 0;
  let closed = false;

  const drop = (session: SmtpSession) => {
    open--;
    void session.quit();
  };

  const acquire = async (): Promise<SmtpSession> => {
    if (closed) throw Object.assign(new Error('The email transport is closed'), { code: 'ECLOSED' });
    for (let session = idle.pop(); session; session = idle.pop()) {
      clearTimeout(timers.get(session));
      timers.delete(session);
      if (session.usable) return session;
      open--;
    }
    if (open >= max) return new Promise((resolve, reject) => queue.push({ resolve, reject }));
    open++;
    try {
      return await SmtpSession.open(target);
    } catch (error) {
      open--;
      handOn();
      throw error;
    }
  };

  /** A place came free without a connection: the first waiting message tries to open one. */
  const handOn = () => {
    const next = queue.shift();
    if (next) acquire().then(next.resolve, next.reject);
  };

  const release = (session: SmtpSession) => {
    if (!session.usable || closed) {
      drop(session);
      handOn();
      return;
    }
    const next = queue.shift();
    if (next) return next.resolve(session);
    idle.push(session);
    timers.set(session, setTimeout(() => {
      timers.delete(session);
      const at = idle.indexOf(session);
      if (at >= 0) {
        idle.splice(at, 1);
        drop(session);
      }
    }, IDLE_MS).unref());
  };

  return {
    async send(from, to, message) {
      const session = await acquire();
      try {
        await session.send(from, to, message);
      } finally {
        release(session);
      }
    },
    async close() {
      closed = true;
      for (const waiter of queue.splice(0)) waiter.reject(Object.assign(new Error('The email transport is closed'), { code: 'ECLOSED' }));
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all(idle.splice(0).map((session) => session.quit()));
    },
  };
}
