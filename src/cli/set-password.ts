import type { Config } from '../config.ts';
import { setAccountPassword, type SetPasswordResult } from '../domain/accounts/set-password.ts';
import { SET_PASSWORD_PATH, type SetPasswordRequest } from '../http/internal-protocol.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { parseFlags, required } from './args.ts';
import { withDatabase } from './database.ts';
import { forwardToServer } from './forward.ts';

const FLAGS = { email: 'string', password: 'string' } as const;

/**
 * `guestlist set-password`: gives an account a new password (generated and printed when not
 * given) and signs it out everywhere; prints one line of JSON. For a lost demo password.
 */
export async function setPasswordCommand(config: Config, argv: readonly string[]): Promise<number> {
  const flags = parseFlags('set-password', argv, FLAGS);
  const request: SetPasswordRequest = {
    email: required('set-password', flags, 'email'),
    ...(flags.password !== undefined ? { password: flags.password } : {}),
  };
  const output = await withDatabase(
    config,
    'set-password',
    async (db) => {
      await migrateToLatest(db);
      return setAccountPassword(db, request);
    },
    (owner) => forwardToServer<SetPasswordResult>(config, owner, SET_PASSWORD_PATH, request),
  );
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}
