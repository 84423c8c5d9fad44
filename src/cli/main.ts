import { loadConfig, type Config } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { CliError, UsageError } from './args.ts';
import { describeDatabaseError } from './database-errors.ts';
import { helpCommand } from './help.ts';

type Command = (config: Config, argv: readonly string[]) => Promise<number>;

// Loaded on demand, so that help and usage mistakes answer without loading the server.
const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.ts')).startCommand,
  worker: async () => (await import('./worker.ts')).workerCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
  bootstrap: async () => (await import('./bootstrap.ts')).bootstrapCommand,
  'set-password': async () => (await import('./set-password.ts')).setPasswordCommand,
  invite: async () => (await import('./invite/command.ts')).inviteCommand,
  help: async () => helpCommand,
};

/** Invalid environment variables are the operator's to fix: say which, without a stack trace. */
function configFromEnvironment(): Config {
  try {
    return loadConfig();
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** Runs one command; the exit code is 2 for usage mistakes and 1 for anything that failed. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  let config: Config | undefined;
  try {
    if (name === '--help' || name === '-h' || rest.includes('--help') || rest.includes('-h')) return await helpCommand();
    const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (!load) throw new UsageError(`guestlist: unknown command "${name}".`);
    const command = await load();
    config = configFromEnvironment();
    return await command(config, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\nRun \`guestlist help\` for usage.\n`);
      return 2;
    }
    if (err instanceof DomainError || err instanceof CliError || (err instanceof Error && err.name === 'StartupError')) {
      process.stderr.write(`guestlist ${name}: ${err.message}\n`);
      return 1;
    }
    const unusableDatabase = describeDatabaseError(err, config?.databaseUrl);
    if (unusableDatabase) {
      process.stderr.write(`guestlist ${name}: ${unusableDatabase}\n`);
      return 1;
    }
    process.stderr.write(`guestlist ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

if (import.meta.main) process.exitCode = await runCli(process.argv.slice(2));
