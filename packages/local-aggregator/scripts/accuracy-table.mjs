#!/usr/bin/env node
// Prints a Markdown table: accuracy on the golden tasks of every bundled
// dataset for every registered method (defaults), next to Crowd-Kit 1.4.1's
// figures. Run after a build:
//   pnpm --filter @crowdagg/local-aggregator build && node packages/local-aggregator/scripts/accuracy-table.mjs
// Datasets: $CROWDAGG_DATASETS, else <repo root>/../shared/datasets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMatrix, dawidSkene, METHODS } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasets = process.env.CROWDAGG_DATASETS ?? path.resolve(here, '../../..', '../shared/datasets');
const NAMES = ['duck', 'dog', 'music', 'temp', 'rte', 'sentiment', 'web', 'zencrowd', 'sp', 'relevance', 'cifar10n'];
// Crowd-Kit 1.4.1: MV, DS (own stopping rule), DS forced to 100 iterations, best method (crowdkit-baseline.md §7).
const CROWDKIT = {
  duck: [0.7593, 0.8889, 0.8981, 'DS 100 it 0.8981'],
  dog: [0.8178, 0.8426, 0.8426, 'DS 100 it 0.8426'],
  music: [0.71, 0.7686, 0.7671, 'ZBS 0.8000'],
  temp: [0.9394, 0.9416, 0.9416, 'ZBS 0.9437'],
  rte: [0.9187, 0.9275, 0.9275, 'DS 100 it 0.9275'],
  sentiment: [0.932, 0.96, 0.96, 'DS 100 it 0.9600'],
  web: [0.7765, 0.8293, 0.8281, 'DS 0.8293'],
  zencrowd: [0.8363, 0.801, 0.7922, 'OneCoinDS 0.8598'],
  sp: [0.8896, 0.9152, 0.915, 'GLAD 0.9168'],
  relevance: [0.5356, 0.6173, 0.6155, 'DS 0.6173'],
  cifar10n: [0.9118, 0.9096, 0.9094, 'GLAD 0.9124'],
};

function readTsv(file) {
  const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  const names = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((cell, i) => [names[i], cell])));
}

function accuracy(matrix, labels) {
  let correct = 0;
  let total = 0;
  for (let t = 0; t < matrix.nTasks; t++) {
    if (matrix.golden[t] < 0) continue;
    total++;
    if (matrix.golden[t] === labels[t]) correct++;
  }
  return correct / total;
}

const methods = Object.values(METHODS).filter((entry) => entry.name !== 'weighted-dynamic-overlap');
const header = ['dataset', 'answers', ...methods.map((m) => m.name), 'dawid-skene crowdkit mode', 'Crowd-Kit MV / DS / DS 100 it', 'Crowd-Kit best'];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const name of NAMES) {
  const dir = path.join(datasets, name);
  const rows = readTsv(path.join(dir, 'responses.tsv'));
  const golden = new Map(readTsv(path.join(dir, 'golden.tsv')).map((row) => [row.task, row.label]));
  const matrix = buildMatrix(rows, { golden });
  const cells = methods.map((entry) => {
    try {
      const result = entry.run(matrix, {});
      const iterations = result.iterations > 1 ? `, ${result.iterations} it` : '';
      return `${accuracy(matrix, result.labels).toFixed(4)}${iterations}`;
    } catch (error) {
      return `- (${error.code ?? error.message})`;
    }
  });
  const crowdkitMode = dawidSkene(matrix, { stopping: 'crowdkit' });
  const [mv, ds, ds100, best] = CROWDKIT[name];
  console.log(
    `| ${name} | ${matrix.nAnswers} | ${cells.join(' | ')} | ${accuracy(matrix, crowdkitMode.labels).toFixed(4)}, ${crowdkitMode.iterations} it | ${mv.toFixed(4)} / ${ds.toFixed(4)} / ${ds100.toFixed(4)} | ${best} |`,
  );
}
