import type { OrgRole } from '../../storage/schema.ts';
import type { ChunkLine, ChunkReport, InviteChunk } from '../../domain/invitations/import/chunk.ts';
import type { Progress } from './progress.ts';
import { readPeople } from './read-csv.ts';
import { addFileProblem, addReport, newSummary, type ImportSummary } from './summary.ts';

/** Runs one chunk where the database is: in this process, or in the server that holds it. */
export type ChunkSink = (chunk: InviteChunk) => Promise<ChunkReport>;

export interface ChunkLimits {
  lines: number;
  /** Bytes of a chunk as JSON (a forwarded request is bounded); undefined: no bound. */
  bytes?: number | undefined;
}

export interface ImportRequest {
  file: string;
  org: string;
  role: OrgRole;
  send: boolean;
}

function jsonBytes(l: ChunkLine): number {
  return Buffer.byteLength(JSON.stringify([l.line, l.email, l.name, l.role, l.teams])) + 1;
}

/**
 * Streams the file into chunks and sends each to `sink`, one at a time while the next is read, so
 * that memory stays flat whatever the file's length. The organization is checked before any line
 * is read (org_not_found stops the import). Problems of single lines are counted, never fatal.
 */
export async function importFile(request: ImportRequest, sink: ChunkSink, limits: ChunkLimits, progress: Progress): Promise<ImportSummary> {
  const summary = newSummary(request.file, request.org);
  const base = { org: request.org, role: request.role, send: request.send };
  await sink({ ...base, lines: [] });

  // Bytes of the chunk's lines as a JSON array: its brackets, then each line and a comma.
  const emptyBytes = 2;
  let chunk: ChunkLine[] = [];
  let chunkBytes = emptyBytes;
  let readBytes = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const flush = async () => {
    await inFlight;
    if (failure) throw failure.error;
    if (chunk.length === 0) return;
    const lines = chunk;
    const upTo = readBytes;
    chunk = [];
    chunkBytes = emptyBytes;
    // Held, not awaited: the next chunk is read meanwhile. A failure is kept for the next flush.
    inFlight = sink({ ...base, lines }).then(
      (report) => {
        addReport(summary, lines.length, report);
        progress.update(summary.lines, upTo);
      },
      (error: unknown) => {
        failure = { error };
      },
    );
  };

  for await (const item of readPeople(request.file)) {
    readBytes = item.bytes;
    if ('problem' in item) {
      addFileProblem(summary, item.problem);
      if (item.stop) summary.stopped = true;
      continue;
    }
    const size = limits.bytes === undefined ? 0 : jsonBytes(item.person);
    if (chunk.length >= limits.lines || (limits.bytes !== undefined && chunkBytes + size > limits.bytes)) await flush();
    chunk.push(item.person);
    chunkBytes += size;
  }
  await flush(); // sends the last chunk
  await flush(); // waits for it
  progress.update(summary.lines, readBytes);
  summary.problems.sort((a, b) => a.line - b.line);
  return summary;
}
