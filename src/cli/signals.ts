const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Resolves with the first SIGINT or SIGTERM. Later signals are swallowed rather than killing the
 * process mid-shutdown: a terminal's Ctrl-C reaches both `bin/guestlist.mjs` and this process, and
 * the wrapper forwards it once more.
 */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const ignore = () => {};
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of SHUTDOWN_SIGNALS) {
        process.off(s, onSignal);
        process.on(s, ignore);
      }
      resolve(signal);
    };
    for (const s of SHUTDOWN_SIGNALS) process.on(s, onSignal);
  });
}
