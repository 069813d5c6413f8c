import type { MethodEntry } from '@crowdagg/local-aggregator';
import { UsageError } from './errors.js';

/** Method options given as dedicated flags, each mapped to the first option name the method declares. */
export const OPTION_ALIASES: Readonly<Record<string, readonly string[]>> = {
  iterations: ['maxIterations', 'nIter', 'maxIter', 'iterations', 'nIterations'],
  tol: ['tol', 'tolerance'],
  stopping: ['stopping', 'stoppingRule', 'stop'],
  restarts: ['nRestarts', 'restarts'],
  'on-missing-skill': ['onMissingSkill', 'missingSkill'],
};

/**
 * Values spelled differently by methods for the same policy: majority vote's
 * `ignore`/`value` are weighted dynamic overlap's `skip`/`default`.
 */
const VALUE_SYNONYMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  onMissingSkill: { skip: 'ignore', default: 'value' },
  missingSkill: { ignore: 'skip', value: 'default' },
};

/** Options every method accepts whether or not its defaults list them. */
const ALWAYS_ACCEPTED = new Set(['ties', 'seed', 'skills', 'defaultSkill']);

/** Reads `text` as the type of `reference` (a default value), or guesses when there is none. */
export function coerceOptionValue(name: string, text: string, reference: unknown): unknown {
  const asNumber = (): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`option ${name} needs a number, got ${JSON.stringify(text)}`);
    return n;
  };
  if (typeof reference === 'number') return asNumber();
  if (typeof reference === 'boolean') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new UsageError(`option ${name} needs true or false, got ${JSON.stringify(text)}`);
  }
  if (typeof reference === 'string') return text;
  if (typeof reference === 'object' && reference !== null) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UsageError(`option ${name} needs JSON like its default ${JSON.stringify(reference)}, got ${JSON.stringify(text)}`);
    }
  }
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** Input of {@link buildMethodOptions}. */
export interface MethodFlags {
  /** Values of the alias flags (`iterations`, `tol`, …) as typed on the command line. */
  readonly aliases: Readonly<Record<string, string | undefined>>;
  /** `--option name=value` pairs. */
  readonly generic: readonly string[];
  /** Options already typed (seed, ties, skills …). */
  readonly typed: Readonly<Record<string, unknown>>;
}

/**
 * The options object for `method`: alias flags mapped onto the names the
 * method declares in its defaults, `--option name=value` checked against
 * them and typed like their default.
 */
export function buildMethodOptions(method: MethodEntry, flags: MethodFlags): Record<string, unknown> {
  const declared = Object.keys(method.defaults);
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flags.typed)) if (value !== undefined) options[key] = value;
  for (const [flag, text] of Object.entries(flags.aliases)) {
    if (text === undefined) continue;
    const name = (OPTION_ALIASES[flag] ?? [flag]).find((candidate) => declared.includes(candidate));
    if (name === undefined) {
      throw new UsageError(`--${flag} does not apply to ${method.name} (its options: ${declared.join(', ') || 'none'})`);
    }
    options[name] = coerceOptionValue(`--${flag}`, VALUE_SYNONYMS[name]?.[text] ?? text, method.defaults[name]);
  }
  for (const pair of flags.generic) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--option needs name=value, got ${JSON.stringify(pair)}`);
    const name = pair.slice(0, eq);
    if (!declared.includes(name) && !ALWAYS_ACCEPTED.has(name)) {
      throw new UsageError(`${method.name} has no option ${JSON.stringify(name)} (its options: ${declared.join(', ') || 'none'})`);
    }
    options[name] = coerceOptionValue(name, pair.slice(eq + 1), method.defaults[name]);
  }
  return options;
}
