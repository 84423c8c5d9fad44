/**
 * Lets timers and I/O (incoming requests) run. The embedded database answers through promise
 * callbacks alone, so a worker that only awaits it would hold the event loop until the whole
 * queue is delivered, and every request would wait that long.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
