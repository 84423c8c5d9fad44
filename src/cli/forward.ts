import { DomainError, errorCodes, type ErrorCode } from '../domain/errors.ts';
import { CLI_SECRET_HEADER } from '../http/internal-protocol.ts';
import type { Config } from '../config.ts';
import type { DataLock } from '../storage/data-lock.ts';
import { CliError } from './args.ts';
import { busyError } from './database.ts';

/**
 * Sends a command to the server that holds the embedded database (loopback, with the lock's
 * secret); its domain errors come back as DomainError.
 */
export async function forwardToServer<T>(config: Config, owner: DataLock, path: string, request: unknown): Promise<T> {
  if (owner.url === undefined || owner.secret === undefined) throw busyError(config, owner);
  let res: Response;
  try {
    res = await fetch(`${owner.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CLI_SECRET_HEADER]: owner.secret },
      body: JSON.stringify(request),
    });
  } catch (err) {
    throw new CliError(`Could not reach the running server at ${owner.url} (pid ${owner.pid}): ${(err as Error).cause ?? (err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
  if (res.ok) return body as T;
  if (body.code && body.code in errorCodes) throw new DomainError(body.code as ErrorCode, body.detail);
  throw new CliError(`The running server at ${owner.url} answered ${res.status}: ${body.detail ?? body.code ?? 'no details'}`);
}
