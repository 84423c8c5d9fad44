/**
 * Resources a benchmark must release even when it fails or is interrupted (databases, data
 * folders, child processes): released last-in first-out by `main`.
 */
const tasks: Array<() => Promise<void> | void> = [];

export function defer(task: () => Promise<void> | void): void {
  tasks.push(task);
}

async function releaseAll(): Promise<void> {
  while (tasks.length) {
    const task = tasks.pop()!;
    try {
      await task();
    } catch (err) {
      console.error(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Runs a benchmark's body, then releases everything deferred; exit code 1 on failure. */
export async function main(body: () => Promise<void>): Promise<void> {
  const interrupted = () => {
    void releaseAll().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await body();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  } finally {
    await releaseAll();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}
