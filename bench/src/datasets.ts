import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Datasets in the shared folder that hold free texts, not categories: never benchmarked. */
export const TEXT_DATASETS: readonly string[] = ['vldb2021_texts'];

/** One answer as written in `responses.tsv`. */
export interface AnswerRow {
  readonly task: string;
  readonly worker: string;
  readonly label: string;
}

/** A categorical dataset read into memory. */
export interface Dataset {
  readonly name: string;
  readonly answers: readonly AnswerRow[];
  /** Task → golden label. */
  readonly golden: ReadonlyMap<string, string>;
  /** Task → label chosen by Crowd-Kit 1.4.1 `DawidSkene()` (empty when the file is absent). */
  readonly crowdkitDs: ReadonlyMap<string, string>;
}

/** The repository root: two levels above this file (bench/src or bench/dist). */
function repoRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
}

/** Where the datasets live: `$CROWDAGG_DATASETS`, else `<repo root>/../shared/datasets`. */
export function datasetsDir(): string {
  const fromEnv = process.env.CROWDAGG_DATASETS;
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  return path.resolve(repoRoot(), '../shared/datasets');
}

/** Names of the categorical datasets present (sorted by size, smallest first), text sets excluded. */
export function listDatasets(dir = datasetsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !TEXT_DATASETS.includes(entry.name))
    .map((entry) => entry.name)
    .filter((name) => existsSync(path.join(dir, name, 'responses.tsv')))
    .map((name) => ({ name, size: readFileSync(path.join(dir, name, 'responses.tsv')).byteLength }))
    .sort((a, b) => a.size - b.size || (a.name < b.name ? -1 : 1))
    .map((entry) => entry.name);
}

/** Reads one dataset. Throws naming `file:line` on a malformed line. */
export function loadDataset(name: string, dir = datasetsDir()): Dataset {
  const folder = path.join(dir, name);
  const answers = readTsv(path.join(folder, 'responses.tsv'), ['task', 'worker', 'label'], (v) => ({
    task: v[0] ?? '',
    worker: v[1] ?? '',
    label: v[2] ?? '',
  }));
  return {
    name,
    answers,
    golden: readLabelMap(path.join(folder, 'golden.tsv')),
    crowdkitDs: readLabelMap(path.join(folder, 'crowdkit-ds.tsv')),
  };
}

function readLabelMap(file: string): Map<string, string> {
  if (!existsSync(file)) return new Map();
  return new Map(readTsv(file, ['task', 'label'], (v): [string, string] => [v[0] ?? '', v[1] ?? '']));
}

/**
 * Reads a tab-separated file whose header names (at least) `columns`, in any
 * order, and maps each line's values for those columns (in `columns` order).
 */
function readTsv<T>(file: string, columns: readonly string[], map: (values: readonly string[]) => T): T[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const header = (lines[0] ?? '').replace(/\r$/, '').split('\t');
  const positions = columns.map((column) => {
    const at = header.indexOf(column);
    if (at < 0) throw new Error(`${file}:1: header lacks column "${column}" (has ${header.join(', ')})`);
    return at;
  });
  const out: T[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line === '') continue;
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      throw new Error(`${file}:${i + 1}: expected ${header.length} tab-separated fields, got ${cells.length}`);
    }
    const values = positions.map((at) => cells[at] ?? '');
    const empty = values.findIndex((value) => value === '');
    if (empty >= 0) throw new Error(`${file}:${i + 1}: empty "${columns[empty]}"`);
    out.push(map(values));
  }
  return out;
}
