import type { InviteChunk } from '../domain/invitations/import/chunk.ts';
import { z } from 'zod';
import type { BootstrapResult } from '../domain/organizations/bootstrap.ts';

/**
 * How a CLI command reaches the server that holds the embedded database: loopback HTTP to the URL
 * in the data-folder lock, with the lock's secret in this header.
 */
export const CLI_SECRET_HEADER = 'x-guestlist-cli-secret';
export const INTERNAL_CLI_PREFIX = '/internal/cli';
export const BOOTSTRAP_PATH = `${INTERNAL_CLI_PREFIX}/bootstrap`;

export const BootstrapRequest = z.strictObject({
  orgSlug: z.string(),
  orgName: z.string(),
  adminEmail: z.string(),
  adminPassword: z.string().optional(),
});

export type BootstrapRequest = z.infer<typeof BootstrapRequest>;

export const SET_PASSWORD_PATH = `${INTERNAL_CLI_PREFIX}/set-password`;

export const SetPasswordRequest = z.strictObject({ email: z.string(), password: z.string().optional() });

export type SetPasswordRequest = z.infer<typeof SetPasswordRequest>;

/** What `guestlist bootstrap` prints; the admin's password only when it was generated. */
export interface BootstrapOutput {
  org: { id: string; slug: string };
  admin: { id: string; email: string; password?: string };
  apiToken: string;
}

export function presentBootstrap(result: BootstrapResult): BootstrapOutput {
  const { accountId: _accountId, ...admin } = result.admin;
  return { org: result.org, admin, apiToken: result.apiToken };
}

export const INVITE_CHUNK_PATH = `${INTERNAL_CLI_PREFIX}/invite`;

/** The most lines one chunk carries. */
export const MAX_CHUNK_LINES = 5_000;

/** The most bytes of JSON one forwarded chunk carries: the internal routes take bodies of 64 KiB. */
export const MAX_CHUNK_BYTES = 60 * 1024;

/**
 * One chunk of `guestlist invite`'s file, as it travels: each line is
 * `[line number, email, name, role, teams]` (a tuple, so that more lines fit in one request).
 */
export const InviteChunkRequest = z.strictObject({
  org: z.string().min(1).max(200),
  role: z.enum(['admin', 'member', 'guest']),
  send: z.boolean(),
  lines: z
    .array(z.tuple([z.number().int().positive(), z.string().max(1000), z.string().max(1000), z.string().max(100), z.array(z.string().max(300)).max(100)]))
    .max(MAX_CHUNK_LINES),
});

export type InviteChunkRequest = z.infer<typeof InviteChunkRequest>;

/** A chunk as it travels to the server that holds the embedded database (lines as tuples), and back. */
export function toWire(chunk: InviteChunk): InviteChunkRequest {
  return { org: chunk.org, role: chunk.role, send: chunk.send, lines: chunk.lines.map((l) => [l.line, l.email, l.name, l.role, l.teams]) };
}

export function fromWire(request: InviteChunkRequest): InviteChunk {
  return { org: request.org, role: request.role, send: request.send, lines: request.lines.map(([line, email, name, role, teams]) => ({ line, email, name, role, teams })) };
}

