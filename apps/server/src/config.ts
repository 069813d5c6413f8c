import { parseArgs } from 'node:util';
import { mergeTokens, parseTokenList, readTokensFile } from './auth.js';
import { parseQuotaRules, type QuotaConfig } from './quotas.js';

/** Request and batch limits. */
export interface Limits {
  /** Largest accepted request body in bytes (413 above). */
  readonly maxBodyBytes: number;
  /** Most items in one batch POST (`/tasks`, `/assignments`); 413 above. */
  readonly maxBatchItems: number;
  /** Largest `limit` on list endpoints. */
  readonly maxPageSize: number;
}

/** Default limits: 64 MiB bodies, 100,000 items per batch, pages up to 100,000 items. */
export const DEFAULT_LIMITS: Limits = { maxBodyBytes: 64 * 1024 * 1024, maxBatchItems: 100_000, maxPageSize: 100_000 };

/** Everything the `crowdagg-server` process needs, from flags and environment. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** SQLite file path (`:memory:` allowed) or `postgres://…` URL. */
  readonly db: string;
  /** Token → account. */
  readonly tokens: Map<string, string>;
  /** Load the demo project/pool and add the demo token. */
  readonly demo: boolean;
  readonly limits: Limits;
  readonly quotas: QuotaConfig;
  /** Run the operation worker loop in this process. */
  readonly worker: boolean;
  /** Operation lease length in ms. */
  readonly leaseMs: number;
  /** How often an idle worker looks for new operations, in ms. */
  readonly pollMs: number;
  /** On shutdown, how long a running pool operation may continue before it is released, in ms. */
  readonly graceMs: number;
  /** No per-request log lines. */
  readonly quiet: boolean;
}

/** The help text of `crowdagg-server --help`. */
export const HELP = `crowdagg-server: the Toloka-compatible aggregated-solutions API (/api/v1), self-hosted.

Usage: crowdagg-server [options]

Options (each also read from the environment variable in brackets; flags win):
  --host <addr>                 listen address [HOST] (default 127.0.0.1)
  --port <n>                    listen port, 0 = any free port [PORT] (default 8787)
  --db <path|url>               SQLite file, ":memory:", or postgres://… URL [DATABASE_URL]
                                (default ./data/crowdagg.sqlite)
  --tokens-file <file>          lines "<token> <account>" [CROWDAGG_TOKENS_FILE]
  --tokens <list>               "<token>:<account>,…" [CROWDAGG_TOKENS]
  --demo                        load the demo project and pool once, add token "demo-token" [CROWDAGG_DEMO=1]
  --max-body-bytes <n>          request body limit, 413 above [CROWDAGG_MAX_BODY_BYTES] (default 67108864)
  --max-batch <n>               items per batch POST, 413 above [CROWDAGG_MAX_BATCH] (default 100000)
  --max-page-size <n>           largest list "limit" [CROWDAGG_MAX_PAGE_SIZE] (default 100000)
  --quota-aggregate-by-pool <r> e.g. "5/min,30/hour,200/day"; "off" [CROWDAGG_QUOTA_AGGREGATE_BY_POOL] (default off)
  --no-worker                   do not run pool operations in this process [CROWDAGG_WORKER=0]
  --lease-ms <n>                operation lease length [CROWDAGG_LEASE_MS] (default 30000)
  --poll-ms <n>                 idle worker poll interval [CROWDAGG_POLL_MS] (default 250)
  --grace-ms <n>                on shutdown, time a running operation may finish before it is
                                released to another process [CROWDAGG_GRACE_MS] (default 10000)
  --quiet                       no per-request log lines [CROWDAGG_QUIET=1]
  --help                        print this help
`;

/** A bad flag or environment value; the message names it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function intValue(text: string, name: string, min: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min) throw new ConfigError(`${name}: expected an integer ≥ ${min}, got "${text}"`);
  return Number(text);
}

function flagOn(text: string | undefined): boolean {
  return text !== undefined && ['1', 'true', 'yes', 'on'].includes(text.toLowerCase());
}

function flagOff(text: string | undefined): boolean {
  return text !== undefined && ['0', 'false', 'no', 'off'].includes(text.toLowerCase());
}

/** Parses argv (without `node` and the script) and the environment; `help: true` when `--help` was given. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): { help: true } | { help: false; config: ServerConfig } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        db: { type: 'string' },
        'tokens-file': { type: 'string' },
        tokens: { type: 'string' },
        demo: { type: 'boolean' },
        'max-body-bytes': { type: 'string' },
        'max-batch': { type: 'string' },
        'max-page-size': { type: 'string' },
        'quota-aggregate-by-pool': { type: 'string' },
        'no-worker': { type: 'boolean' },
        'lease-ms': { type: 'string' },
        'poll-ms': { type: 'string' },
        'grace-ms': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message} (see --help)`);
  }
  const flags = parsed.values;
  if (flags.help) return { help: true };
  const pick = (flag: string | undefined, envName: string): string | undefined => flag ?? env[envName];

  const tokenMaps: Map<string, string>[] = [];
  const tokensFile = pick(flags['tokens-file'], 'CROWDAGG_TOKENS_FILE');
  try {
    if (tokensFile !== undefined && tokensFile !== '') tokenMaps.push(readTokensFile(tokensFile));
    const tokenList = pick(flags.tokens, 'CROWDAGG_TOKENS');
    if (tokenList !== undefined) tokenMaps.push(parseTokenList(tokenList, flags.tokens === undefined ? 'CROWDAGG_TOKENS' : '--tokens'));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

  const num = (flag: string | undefined, envName: string, flagName: string, fallback: number, min: number): number => {
    const text = flag ?? env[envName];
    return text === undefined || text === '' ? fallback : intValue(text, flag === undefined ? envName : `--${flagName}`, min);
  };
  let quotaRules;
  try {
    quotaRules = parseQuotaRules(pick(flags['quota-aggregate-by-pool'], 'CROWDAGG_QUOTA_AGGREGATE_BY_POOL') ?? '', 'aggregate-by-pool quota');
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }

  const config: ServerConfig = {
    host: pick(flags.host, 'HOST') || '127.0.0.1',
    port: num(flags.port, 'PORT', 'port', 8787, 0),
    db: pick(flags.db, 'DATABASE_URL') || './data/crowdagg.sqlite',
    tokens: mergeTokens(...tokenMaps),
    demo: flags.demo === true || flagOn(env.CROWDAGG_DEMO),
    limits: {
      maxBodyBytes: num(flags['max-body-bytes'], 'CROWDAGG_MAX_BODY_BYTES', 'max-body-bytes', DEFAULT_LIMITS.maxBodyBytes, 1),
      maxBatchItems: num(flags['max-batch'], 'CROWDAGG_MAX_BATCH', 'max-batch', DEFAULT_LIMITS.maxBatchItems, 1),
      maxPageSize: num(flags['max-page-size'], 'CROWDAGG_MAX_PAGE_SIZE', 'max-page-size', DEFAULT_LIMITS.maxPageSize, 1),
    },
    quotas: { 'aggregate-by-pool': quotaRules },
    worker: !(flags['no-worker'] === true || flagOff(env.CROWDAGG_WORKER)),
    leaseMs: num(flags['lease-ms'], 'CROWDAGG_LEASE_MS', 'lease-ms', 30_000, 100),
    pollMs: num(flags['poll-ms'], 'CROWDAGG_POLL_MS', 'poll-ms', 250, 1),
    graceMs: num(flags['grace-ms'], 'CROWDAGG_GRACE_MS', 'grace-ms', 10_000, 0),
    quiet: flags.quiet === true || flagOn(env.CROWDAGG_QUIET),
  };
  return { help: false, config };
}
