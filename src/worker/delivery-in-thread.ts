import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { Config } from '../config.ts';
import type { FromDeliveryThread, ToDeliveryThread } from './delivery-messages.ts';
import type { RunningWorker } from './worker.ts';

type Metrics = MetricObjectWithValues<MetricValue<string>>[];

export interface DeliveryThread extends RunningWorker {
  /** The delivery thread's metrics (none while it is starting or restarting). */
  metrics(): Promise<Metrics>;
}

/** How long a metrics answer is waited for: /metrics must answer even if the thread is busy or gone. */
const METRICS_WAIT_MS = 2_000;
/** Before a thread that ended unasked is started again: doubled each time it ends within a minute of starting, up to a minute. */
const RESTART_AFTER_MS = 1_000;
const RESTART_AFTER_MAX_MS = 60_000;
/** How long a stopping thread may take to send and settle what it claimed before it is ended. */
const STOP_GRACE_MS = 15_000;

/**
 * Runs the delivery worker on a thread of its own, with its own connections (PostgreSQL only: the
 * embedded database lives in the server's thread). Composing and sending email then no longer
 * takes the thread that answers requests: at 32 connections of single invites the server's thread
 * was the busiest process on the machine, a third of it delivery. A thread that fails is logged
 * and started again (after 1 s, doubling while it keeps ending soon after starting, up to a minute);
 * what it had claimed goes back to the queue when its lease ends, as with a crashed `guestlist
 * worker`. Stopping waits for it to send and settle what it claimed, for STOP_GRACE_MS at most. `entry`: the thread's module (delivery-thread.ts).
 */
export function startDeliveryThread(config: Config, logger: Logger, entry: URL = new URL('./delivery-thread.ts', import.meta.url)): DeliveryThread {
  let thread: Worker | undefined;
  let stopped: Promise<void> | undefined;
  const stopping = () => stopped !== undefined;
  let asked = 0;
  const waiting = new Map<number, (metrics: Metrics) => void>();
  let restart: NodeJS.Timeout | undefined;
  let pause = RESTART_AFTER_MS;

  const again = () => {
    restart = setTimeout(start, pause);
    pause = Math.min(pause * 2, RESTART_AFTER_MAX_MS);
  };
  const start = () => {
    const startedAt = Date.now();
    let current: Worker;
    try {
      current = new Worker(entry, { workerData: { config } });
    } catch (err) {
      logger.error({ err }, 'delivery thread could not be started; trying again');
      again();
      return;
    }
    thread = current;
    current.on('message', (message: FromDeliveryThread) => {
      if (message.kind === 'metrics') waiting.get(message.id)?.(message.metrics);
    });
    current.on('error', (err) => logger.error({ err }, 'delivery thread failed'));
    current.on('exit', (code) => {
      for (const answer of waiting.values()) answer([]);
      waiting.clear();
      if (thread === current) thread = undefined;
      if (stopping()) return;
      if (Date.now() - startedAt > RESTART_AFTER_MAX_MS) pause = RESTART_AFTER_MS;
      logger.error({ code, restartInMs: pause }, 'delivery thread ended; starting it again');
      again();
    });
  };
  start();

  const ask = (message: ToDeliveryThread) => thread?.postMessage(message);
  return {
    metrics() {
      if (!thread) return Promise.resolve([]);
      const id = ++asked;
      return new Promise<Metrics>((resolve) => {
        const timer = setTimeout(() => answer([]), METRICS_WAIT_MS);
        const answer = (metrics: Metrics) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(metrics);
        };
        waiting.set(id, answer);
        ask({ kind: 'metrics', id });
      });
    },
    stop() {
      return (stopped ??= (async () => {
        clearTimeout(restart);
        const current = thread;
        if (!current) return;
        const ended = new Promise<void>((resolve) => current.once('exit', () => resolve()));
        ask({ kind: 'stop' });
        // Past the grace the thread is ended where it is: what it claimed goes back to the queue when its lease ends.
        const cut = setTimeout(() => {
          logger.warn({ graceMs: STOP_GRACE_MS }, 'delivery thread still busy; ending it');
          void current.terminate();
        }, STOP_GRACE_MS);
        await ended;
        clearTimeout(cut);
      })());
    },
  };
}
