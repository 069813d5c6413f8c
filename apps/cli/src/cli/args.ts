import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import type { Terminal } from './terminal.js';

/** Option specs in `node:util` parseArgs form. */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positionals. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/** parseArgs in strict mode, turning its errors into {@link UsageError}s. */
export function parseCommandArgs(argv: readonly string[], options: OptionSpecs, command: string): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${command}: ${message}`);
  }
}

/** The string value of flag `name`, if given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The values of a repeatable string flag. */
export function listFlag(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether boolean flag `name` is set. */
export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** The value of flag `name` checked against `allowed`. */
export function choiceFlag<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A positive integer flag. */
export function integerFlag(args: ParsedArgs, name: string): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--${name} needs a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

/** A comma-separated list flag (empty entries dropped). */
export function commaListFlag(args: ParsedArgs, name: string): string[] | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0) throw new UsageError(`--${name} needs at least one name`);
  return list;
}

/** Exactly one positional argument, or a usage error naming `what`. */
export function onePositional(args: ParsedArgs, what: string, command: string): string {
  if (args.positionals.length === 0) throw new UsageError(`${command}: missing ${what}`);
  if (args.positionals.length > 1) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(args.positionals[1])}`);
  return args.positionals[0]!;
}

/**
 * Parses a command's flags and builds its terminal; prints `help()` and
 * returns undefined for `--help`.
 */
export async function startCommand(
  argv: readonly string[],
  options: OptionSpecs,
  command: string,
  makeTerminal: (quiet: boolean) => Terminal,
  help: () => Promise<string>,
): Promise<{ args: ParsedArgs; terminal: Terminal } | undefined> {
  const args = parseCommandArgs(argv, options, command);
  const terminal = makeTerminal(booleanFlag(args, 'quiet'));
  if (booleanFlag(args, 'help')) {
    process.stdout.write(await help());
    return undefined;
  }
  return { args, terminal };
}
