/**
 * Test-only helpers: locate and read the shared benchmark datasets
 * (`<repo root>/../shared/datasets/<name>/{responses,golden,crowdkit-ds}.tsv`).
 * The folder can be overridden with the `CROWDAGG_DATASETS` environment
 * variable. Excluded from the build (Node-only).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Datasets holding categorical labels (everything except free texts). */
export const CATEGORICAL_DATASETS = [
  'duck',
  'dog',
  'music',
  'temp',
  'rte',
  'sentiment',
  'web',
  'zencrowd',
  'sp',
  'relevance',
  'cifar10n',
] as const;

/** Name of one categorical dataset. */
export type DatasetName = (typeof CATEGORICAL_DATASETS)[number];

/** One response row as written in `responses.tsv`. */
export interface ResponseRow {
  readonly task: string;
  readonly worker: string;
  readonly label: string;
}

/** A dataset read into memory. */
export interface Dataset {
  readonly name: string;
  readonly responses: ResponseRow[];
  /** Task → golden label. */
  readonly golden: Map<string, string>;
  /** Task → Crowd-Kit 1.4.1 `DawidSkene()` label (empty map when the file is absent). */
  readonly crowdkitDs: Map<string, string>;
}

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}`);
    dir = parent;
  }
}

/** The datasets folder: `$CROWDAGG_DATASETS`, else `<repo root>/../shared/datasets`. */
export function datasetsDir(): string {
  const fromEnv = process.env.CROWDAGG_DATASETS;
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  const root = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
  return path.resolve(root, '../shared/datasets');
}

/** Whether the datasets folder exists (tests skip cleanly when it does not). */
export function datasetsAvailable(): boolean {
  const dir = datasetsDir();
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/**
 * Reads a tab-separated file with a header line into rows keyed by the
 * header's column names. Throws with `file:line` on a malformed line.
 */
export function readTsv(file: string): Record<string, string>[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const rows: Record<string, string>[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line === '') continue;
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      throw new Error(`${file}:${i + 1}: expected ${header.length} columns, got ${cells.length}`);
    }
    const row: Record<string, string> = {};
    header.forEach((name, j) => {
      row[name] = cells[j] ?? '';
    });
    rows.push(row);
  }
  return rows;
}

function readPairs(file: string, keyColumn: string, valueColumn: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!existsSync(file)) return map;
  for (const row of readTsv(file)) map.set(row[keyColumn] ?? '', row[valueColumn] ?? '');
  return map;
}

const cache = new Map<string, Dataset>();

/** Reads one dataset (cached per process). */
export function loadDataset(name: string): Dataset {
  const cached = cache.get(name);
  if (cached) return cached;
  const dir = path.join(datasetsDir(), name);
  const responses = readTsv(path.join(dir, 'responses.tsv')).map((row) => ({
    task: row.task ?? '',
    worker: row.worker ?? '',
    label: row.label ?? '',
  }));
  const dataset: Dataset = {
    name,
    responses,
    golden: readPairs(path.join(dir, 'golden.tsv'), 'task', 'label'),
    crowdkitDs: readPairs(path.join(dir, 'crowdkit-ds.tsv'), 'task', 'label'),
  };
  cache.set(name, dataset);
  return dataset;
}
