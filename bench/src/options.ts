import { parseArgs } from 'node:util';

/** What `run.js` was asked to do. */
export interface BenchOptions {
  /** Methods to run (registry names); undefined = every registered method. */
  readonly only?: readonly string[];
  /** Datasets to run; undefined = all categorical datasets found. An empty list skips the datasets. */
  readonly datasets?: readonly string[];
  readonly skipSynthetic: boolean;
  readonly skip10m: boolean;
  /** Timed runs per fit after the warm-up. */
  readonly runs: number;
  /** File to write the results to as JSON. */
  readonly json?: string;
}

/** Usage text of the bench. */
export const USAGE = `usage: node --expose-gc dist/run.js [options]
  --only <m1,m2>       methods to run (registry names; default: every registered method)
  --datasets <d1,d2>   datasets to run (default: all but text sets; "none" skips them)
  --skip-synthetic     skip the 500k-answer synthetic case
  --skip-10m           skip the 10M-answer case
  --runs <N>           timed runs per fit after a warm-up (default 5; slow fits get fewer)
  --json <file>        also write every figure as JSON
  --help               this text`;

/** Parses the command line; throws with a clear message on bad input. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      only: { type: 'string' },
      datasets: { type: 'string' },
      'skip-synthetic': { type: 'boolean', default: false },
      'skip-10m': { type: 'boolean', default: false },
      runs: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new Error(`--runs must be an integer in 1…1000, got ${values.runs}`);
  const list = (text: string | undefined, flag: string): string[] | undefined => {
    if (text === undefined) return undefined;
    const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) throw new Error(`--${flag} needs a comma-separated list`);
    return items;
  };
  const datasets = list(values.datasets, 'datasets');
  const only = list(values.only, 'only');
  return {
    ...(only === undefined ? {} : { only }),
    ...(datasets === undefined ? {} : { datasets: datasets.length === 1 && datasets[0] === 'none' ? [] : datasets }),
    skipSynthetic: values['skip-synthetic'],
    skip10m: values['skip-10m'],
    runs,
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}
