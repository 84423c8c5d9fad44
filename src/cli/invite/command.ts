import { statSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { INVITE_CHUNK_PATH, MAX_CHUNK_BYTES, MAX_CHUNK_LINES, toWire } from '../../http/internal-protocol.ts';
import { migrateToLatest } from '../../storage/migrate.ts';
import type { OrgRole } from '../../storage/schema.ts';
import { CliError, parseFlags, required, UsageError } from '../args.ts';
import { withDatabase } from '../database.ts';
import { forwardToServer } from '../forward.ts';
import { importChunk, ROLES, type ChunkReport } from '../../domain/invitations/import/chunk.ts';
import { importFile, type ImportRequest } from './import-file.ts';
import { startProgress } from './progress.ts';
import { formatJson, formatProblems, formatSummary } from './summary.ts';

const FLAGS = { org: 'string', file: 'string', role: 'string', send: 'boolean', json: 'boolean' } as const;

/** The size of the file to import; a clear error when it cannot be read. */
function fileSize(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `--file ${path}: no such file.` : `--file ${path}: cannot be read (${code ?? (err as Error).message}).`);
  }
  if (!stat.isFile()) throw new CliError(`--file ${path}: not a file.`);
  return stat.size;
}

function parseRequest(argv: readonly string[]): ImportRequest & { json: boolean } {
  const flags = parseFlags('invite', argv, FLAGS);
  const org = required('invite', flags, 'org');
  const file = required('invite', flags, 'file');
  const role = required('invite', flags, 'role').toLowerCase();
  if (!ROLES.includes(role as OrgRole)) throw new UsageError(`guestlist invite: --role must be admin, member or guest (got "${role}").`);
  return { org, file, role: role as OrgRole, send: flags.send === true, json: flags.json === true };
}

/**
 * `guestlist invite`: adds (and with --send, invites) the people of a CSV file to an organization,
 * in chunks through the invite use case, with progress on stderr and a summary on stdout. Exit
 * status 0 once the file was read to its end, whatever its lines' outcomes.
 */
export async function inviteCommand(config: Config, argv: readonly string[]): Promise<number> {
  const { json, ...request } = parseRequest(argv);
  const progress = startProgress(fileSize(request.file));
  const context = { publicUrl: config.publicUrl, invitationsPerDay: config.invitationsPerDayPerOrg };
  let summary;
  try {
    summary = await withDatabase(
      config,
      'invite',
      async (db) => {
        await migrateToLatest(db);
        return importFile(request, (chunk) => importChunk(db, context, chunk), { lines: MAX_CHUNK_LINES }, progress);
      },
      (owner) =>
        importFile(request, (chunk) => forwardToServer<ChunkReport>(config, owner, INVITE_CHUNK_PATH, toWire(chunk)), { lines: MAX_CHUNK_LINES, bytes: MAX_CHUNK_BYTES }, progress),
    );
  } finally {
    progress.stop();
  }
  process.stderr.write(formatProblems(summary));
  process.stdout.write(json ? formatJson(summary) : formatSummary(summary));
  return summary.stopped ? 1 : 0;
}
