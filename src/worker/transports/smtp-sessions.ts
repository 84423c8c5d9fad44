import { SmtpSession, type SmtpTarget } from './smtp-session.ts';

/** A connection unused this long is closed (servers drop idle ones; a message then found it closed). */
const IDLE_MS = 5_000;

function closedError(): Error {
  return Object.assign(new Error('The email transport is closed'), { code: 'ECLOSED' });
}

export interface SmtpSessions {
  /** Sends one message on a connection of the pool, opening one if none is free and fewer than the most are open. */
  send(from: string, to: string, message: string): Promise<void>;
  /** Closes every connection: sends under way finish first, sends waiting for a connection fail. */
  close(): Promise<void>;
}

/**
 * Up to `max` SMTP connections (smtp-session.ts), each carrying one message at a time, reused while
 * they work: a connection the network or the server broke is dropped and the next message opens a
 * new one; a message the server refused leaves its connection in use.
 */
export function smtpSessions(target: SmtpTarget, max: number): SmtpSessions {
  /** Connections free for a message, each with the timer that closes it when unused for IDLE_MS. */
  const idle: Array<{ session: SmtpSession; timer: NodeJS.Timeout }> = [];
  const queue: Array<{ resolve(session: SmtpSession): void; reject(error: unknown): void }> = [];
  let open = 0;
  /** Sends under way, and who waits for them to end (close). */
  let sending = 0;
  let settled: (() => void) | undefined;
  let closing: Promise<void> | undefined;
  const closed = () => closing !== undefined;

  const drop = (session: SmtpSession) => {
    open--;
    void session.quit();
  };

  const acquire = async (): Promise<SmtpSession> => {
    if (closed()) throw closedError();
    for (let free = idle.pop(); free; free = idle.pop()) {
      clearTimeout(free.timer);
      if (free.session.usable) return free.session;
      open--;
    }
    if (open >= max) return new Promise((resolve, reject) => queue.push({ resolve, reject }));
    open++;
    let session: SmtpSession;
    try {
      session = await SmtpSession.open(target);
    } catch (error) {
      open--;
      handOn();
      throw error;
    }
    // Opened for a send under way: it is sent even if the pool was closed meanwhile (close waits for it).
    return session;
  };

  /** A place came free without a connection: the first waiting message tries to open one. */
  const handOn = () => {
    const next = queue.shift();
    if (next) acquire().then(next.resolve, next.reject);
  };

  const release = (session: SmtpSession) => {
    if (!session.usable || closed()) {
      drop(session);
      handOn();
      return;
    }
    const next = queue.shift();
    if (next) return next.resolve(session);
    const free = {
      session,
      timer: setTimeout(() => {
        const at = idle.indexOf(free);
        if (at < 0) return;
        idle.splice(at, 1);
        drop(session);
      }, IDLE_MS).unref(),
    };
    idle.push(free);
  };

  return {
    async send(from, to, message) {
      sending++;
      try {
        const session = await acquire();
        try {
          await session.send(from, to, message);
        } finally {
          release(session);
        }
      } finally {
        if (--sending === 0) settled?.();
      }
    },
    close() {
      return (closing ??= (async () => {
        for (const waiter of queue.splice(0)) waiter.reject(closedError());
        if (sending > 0) await new Promise<void>((resolve) => (settled = resolve));
        await Promise.all(idle.splice(0).map((free) => {
          clearTimeout(free.timer);
          return free.session.quit();
        }));
      })());
    },
  };
}
