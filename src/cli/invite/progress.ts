import cliProgress from 'cli-progress';

export interface Progress {
  /** `lines` records done, up to byte `bytes` of the file. */
  update(lines: number, bytes: number): void;
  stop(): void;
}

/** Plain lines (not a TTY: a log, a pipe) at most this often. */
const PLAIN_EVERY_MS = 2_000;

/**
 * Progress of an import on stderr, measured in bytes of the file (its size is known at once, its
 * line count is not): a bar on a terminal, a line every few seconds otherwise.
 */
export function startProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const total = Math.max(1, totalBytes);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'guestlist invite |{bar}| {percentage}% | {lines} lines | ETA {eta_formatted}', stream, hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { lines: 0 });
    return {
      update: (lines, bytes) => bar.update(Math.min(bytes, total), { lines }),
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    update(lines, bytes) {
      if (Date.now() - last < PLAIN_EVERY_MS) return;
      last = Date.now();
      stream.write(`guestlist invite: ${lines} lines done (${Math.floor((100 * Math.min(bytes, total)) / total)}% of the file)\n`);
    },
    stop() {},
  };
}
