/** A mistake in how the command was called: printed with a pointer to `guestlist help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on (busy data folder, unreachable server): printed, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

export type FlagSpec = Record<string, 'string' | 'boolean'>;

export type Flags<S extends FlagSpec> = {
  [K in keyof S]?: S[K] extends 'string' ? string : boolean;
};

/**
 * Parses `--name value`, `--name=value` and boolean `--name` against a fixed set of flags.
 * Unknown flags, missing values, repeated flags and positional arguments are usage errors that
 * name the offending argument.
 */
export function parseFlags<S extends FlagSpec>(command: string, argv: readonly string[], spec: S): Flags<S> {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(`guestlist ${command}: unexpected argument "${arg}".`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`guestlist ${command}: unknown flag --${name}.`);
    if (name in flags) throw new UsageError(`guestlist ${command}: --${name} was given twice.`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`guestlist ${command}: --${name} takes no value.`);
      flags[name] = true;
      continue;
    }
    const value = eq === -1 ? argv[i + 1] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`guestlist ${command}: --${name} needs a value.`);
    if (eq === -1) i++;
    flags[name] = value;
  }
  return flags as Flags<S>;
}

/** The value of a flag the command cannot run without. */
export function required(command: string, flags: Record<string, string | boolean | undefined>, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`guestlist ${command}: --${name} is required.`);
  return value;
}
