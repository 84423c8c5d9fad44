import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Who holds an embedded (PGlite) data folder. PGlite corrupts a folder that two processes open, so
 * the one process that opens it writes this file first (mode 0600) and every other process reads
 * it instead: a CLI command forwards to the server named here, authenticated with `secret`.
 */
export interface DataLock {
  pid: number;
  /** The guestlist command that holds the folder: start, worker, migrate, bootstrap. */
  command: string;
  startedAt: string;
  /** Loopback URL of the server, set once it listens (start only). */
  url?: string;
  /** Authenticates forwarded CLI commands (start only). */
  secret?: string;
}

export type LockFields = Pick<DataLock, 'command'> & Partial<Pick<DataLock, 'url' | 'secret'>>;

export interface HeldLock {
  /** Atomically rewrites the file with more fields (e.g. the URL once the server listens). */
  update(fields: Omit<LockFields, 'command'>): void;
  /** Removes the file if it is still ours; idempotent. */
  release(): void;
}

export type Claim = { held: HeldLock } | { owner: DataLock };

const LOCK_FILE = 'guestlist.lock';
/** A takeover mutex older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;
const POLL_MS = 100;

export function lockPath(dataDir: string): string {
  return join(dataDir, LOCK_FILE);
}

/** The lock as written, alive or not; undefined when there is none or it is not a lock (garbage). */
export function readDataLock(dataDir: string): DataLock | undefined {
  let text: string;
  try {
    text = readFileSync(lockPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<DataLock> | null;
    return typeof parsed?.pid === 'number' && typeof parsed.command === 'string' ? (parsed as DataLock) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  // Our own pid in a lock we have not taken means a previous incarnation (e.g. pid 1 in a container).
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes content to a private temporary file, so the lock never appears half-written. */
function writePrivate(dataDir: string, lock: DataLock): string {
  const tmp = join(dataDir, `${LOCK_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(lock)}\n`, { mode: 0o600 });
  return tmp;
}

function tryCreate(dataDir: string, lock: DataLock): boolean {
  const tmp = writePrivate(dataDir, lock);
  try {
    linkSync(tmp, lockPath(dataDir));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Removes a stale lock under a takeover mutex, so that two processes that both saw the same dead
 * owner cannot each delete the other's fresh lock. False when another process is taking over.
 */
function removeStale(dataDir: string): boolean {
  const mutex = `${lockPath(dataDir)}.takeover`;
  try {
    mkdirSync(mutex);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const since = statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - since > TAKEOVER_STALE_MS) rmSync(mutex, { recursive: true, force: true });
    return false;
  }
  try {
    const current = readDataLock(dataDir);
    if (!current || !isAlive(current.pid)) rmSync(lockPath(dataDir), { force: true });
    return true;
  } finally {
    rmSync(mutex, { recursive: true, force: true });
  }
}

function holding(dataDir: string, lock: DataLock): HeldLock {
  let current = lock;
  const ours = () => {
    const onDisk = readDataLock(dataDir);
    return onDisk?.pid === lock.pid && onDisk.startedAt === lock.startedAt;
  };
  const release = () => {
    if (ours()) unlinkSync(lockPath(dataDir));
    process.off('exit', release);
  };
  // Backstop for a crash after the folder was opened: the next process would otherwise wait on us.
  process.on('exit', release);
  return {
    update(fields) {
      current = { ...current, ...fields };
      renameSync(writePrivate(dataDir, current), lockPath(dataDir));
    },
    release,
  };
}

/** A live owner that will let go soon: a one-shot command, or a server that is still starting. */
function isTransient(owner: DataLock): boolean {
  return owner.command === 'start' ? owner.url === undefined : owner.command !== 'worker';
}

/**
 * Takes the data folder for this process, taking over a lock whose process is gone. While a live
 * owner is transient, waits up to `waitMs` for it; then returns it as the owner.
 */
export async function claimDataDir(dataDir: string, fields: LockFields, waitMs = 15_000): Promise<Claim> {
  mkdirSync(dataDir, { recursive: true });
  const lock: DataLock = { pid: process.pid, startedAt: new Date().toISOString(), ...fields };
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(dataDir, lock)) return { held: holding(dataDir, lock) };
    const owner = readDataLock(dataDir);
    if (!owner || !isAlive(owner.pid)) {
      if (removeStale(dataDir)) continue;
    } else if (!isTransient(owner) || Date.now() >= deadline) {
      return { owner };
    }
    await sleep(POLL_MS);
  }
}
