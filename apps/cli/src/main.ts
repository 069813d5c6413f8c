import { readFileSync } from 'node:fs';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './cli/errors.js';
import { createTerminal } from './cli/terminal.js';
import type { Terminal } from './cli/terminal.js';

/** Top-level `crowdagg --help`. */
export const MAIN_HELP = `Usage: crowdagg <command> [options]

Aggregates crowdsourced answers: locally from files, through the
aggregated-solutions API (Toloka or crowdagg-server), and loads answers into
a crowdagg-server.

Commands:
  aggregate <file|->          aggregate a TSV/CSV/JSONL/Toloka export locally
  remote aggregate-task       aggregate one task through the API
  remote aggregate-pool       start (and with --wait, follow) a pool aggregation
  remote operation <id>       show an operation
  remote results <opId>       list the results of a pool aggregation
  import <file>               load answers into a running crowdagg-server

Options:
  -h, --help                  help (also after any command)
  -V, --version               print the version

Exit codes: 0 ok, 1 failure, 2 usage error. NO_COLOR disables colour.

Examples:
  crowdagg aggregate answers.tsv --method majority-vote > labels.tsv
  crowdagg remote aggregate-pool --url http://127.0.0.1:8787 --pool 1 --fields result --skill-id 7 --wait
  crowdagg aggregate --help
`;

/** The package version, read from package.json next to dist/. */
export function version(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

type Command = (argv: readonly string[], makeTerminal: (quiet: boolean) => Terminal) => Promise<number>;

async function loadCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'aggregate':
      return (await import('./commands/aggregate.js')).runAggregate;
    case 'remote':
      return (await import('./commands/remote.js')).runRemote;
    case 'import':
      return (await import('./commands/import.js')).runImport;
    default:
      return undefined;
  }
}

function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/** Runs the CLI with `argv` (without `node` and the script); returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  const fallback = createTerminal();
  if (first === undefined) {
    process.stderr.write(MAIN_HELP);
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(MAIN_HELP);
    return 0;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  process.stdout.on('error', (error) => {
    if (isBrokenPipe(error)) process.exit(0);
  });
  const command = await loadCommand(first);
  if (command === undefined) {
    fallback.error(`unknown command ${JSON.stringify(first)}; see crowdagg --help`);
    return EXIT_USAGE;
  }
  let terminal = fallback;
  try {
    return await command(rest, (quiet) => (terminal = createTerminal({ quiet })));
  } catch (error) {
    if (isBrokenPipe(error)) return 0;
    if (error instanceof CliError) {
      terminal.error(error.message);
      if (error.exitCode === EXIT_USAGE) terminal.raw(`(see crowdagg ${first} --help)\n`);
      return error.exitCode;
    }
    terminal.error(`unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_FAILURE;
  }
}
