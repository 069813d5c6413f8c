/**
 * `pnpm bench`: accuracy and speed of @crowdagg/local-aggregator on the
 * shared datasets, a seeded 500k-answer synthetic case and a 10M-answer case.
 * Markdown goes to stdout, progress to stderr. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchTenMillion } from './bench-10m.js';
import { benchDatasets } from './bench-datasets.js';
import { benchSynthetic } from './bench-synthetic.js';
import { datasetsDir, listDatasets } from './datasets.js';
import { type FitCell, selectMethods } from './fit.js';
import { type BenchOptions, USAGE, parseBenchOptions } from './options.js';
import { bestTable, datasetsTable, shapesTable, syntheticTable, tenMillionTables } from './report.js';
import { selfCheck } from './self-check.js';
import { baseMethod, variantsOf } from './variants.js';
import { SYNTH_10M, SYNTH_500K, WORKER_KINDS } from './synthetic.js';
import { DEFAULT_POLICY, type RunPolicy, canCollectGarbage } from './timing.js';

const out = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};
const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

/** Fits on the 10M case: the warm-up is the measurement beyond 3 s. */
const BIG_POLICY: RunPolicy = { runs: 3, slowMs: 1_000, slowRuns: 1, verySlowMs: 3_000 };

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: loadAverage(),
  };
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
}

function resolveDatasets(options: BenchOptions): string[] {
  const available = listDatasets();
  if (options.datasets === undefined) return available;
  const unknown = options.datasets.filter((name) => !available.includes(name));
  if (unknown.length > 0) throw new Error(`unknown dataset(s) ${unknown.join(', ')} in ${datasetsDir()}; found: ${available.join(', ')}`);
  return [...options.datasets];
}

async function main(): Promise<void> {
  const parsed = parseBenchOptions(process.argv.slice(2));
  if (parsed === 'help') {
    out(USAGE);
    return;
  }
  const options = parsed;
  const policy: RunPolicy = { ...DEFAULT_POLICY, runs: options.runs, slowRuns: Math.min(DEFAULT_POLICY.slowRuns, options.runs) };
  const { entries, missing } = selectMethods(options.only?.map(baseMethod));
  const variants = variantsOf(entries, options.only);
  const unmatched = (options.only ?? []).filter((name) => !variants.some((v) => v.name === name || v.entry.name === name));
  const skipped = [...new Set([...missing, ...unmatched])];
  const datasets = resolveDatasets(options);
  const results: Record<string, unknown> = { machine: machine(), options };
  const allCells: FitCell[] = [];

  out('# @crowdagg/local-aggregator benchmark');
  out();
  out(`Node ${process.version}, ${os.cpus().length} cores (single-threaded fits), ${new Date().toISOString()}.`);
  out(`Methods: ${variants.map((v) => v.name).join(', ') || '(none registered)'}.`);
  if (skipped.length > 0) out(`Not registered (skipped): ${skipped.join(', ')}.`);
  if (!canCollectGarbage()) out('Warning: run with `node --expose-gc` for memory figures and GC between runs.');
  out(
    `Timing: warm-up runs (until 500 ms or 5 runs), then the median of ${policy.runs} runs (${policy.slowRuns} for fits ≥ 2 s; 1* = the warm-up alone, for fits ≥ 10 s). ` +
      `Wall and CPU time; targets are judged on CPU time (the machine is shared: load average ${loadAverage()} at the start).`,
  );

  out();
  out('## Synthetic generator self-check');
  out();
  const check = selfCheck(SYNTH_500K);
  for (const c of check.checks) out(`- ${c.ok ? 'ok' : 'FAILED'}: ${c.name} (${c.detail})`);
  out(
    `- ${SYNTH_500K.name}: plain majority vote ${check.summary.majorityVoteAccuracy.toFixed(4)}, ` +
      `Bayes-optimal rule with the true confusion matrices ${check.summary.oracleAccuracy.toFixed(4)} (a ceiling); ` +
      `worker kinds ${WORKER_KINDS.join('/')}`,
  );
  results.selfCheck = { summary: check.summary, checks: check.checks };
  if (!check.ok) process.exitCode = 1;

  if (datasets.length > 0 && variants.length > 0) {
    out();
    out(`## Datasets (${datasetsDir()})`);
    log('datasets:');
    const report = benchDatasets(datasets, variants, policy, log);
    out();
    out(shapesTable(report.shapes));
    out();
    out(datasetsTable(report.cells));
    out();
    out(
      '"bar": the accuracy our method must reach: Crowd-Kit\'s figure − 0.5 pp (for default DS, Crowd-Kit DS run for 100 iterations), ' +
        'and at least majority vote where Crowd-Kit has a known defect; Crowd-Kit\'s figures have 4 decimals, so 0.0001 of slack is allowed. ' +
        '"!" after the iterations: not converged. "vs CK DS labels": share of tasks where our DS picks Crowd-Kit DS\'s label ' +
        '(the Crowd-Kit-stopping variant must reach 0.995).',
    );
    out();
    out(bestTable(report.cells));
    results.datasets = report;
    allCells.push(...report.cells);
  }

  if (!options.skipSynthetic && variants.length > 0) {
    out();
    out(`## Synthetic: ${SYNTH_500K.nTasks} tasks × ${SYNTH_500K.answersPerTask} answers, ${SYNTH_500K.nWorkers} workers, ${SYNTH_500K.nClasses} classes`);
    log('synthetic 500k:');
    const report = benchSynthetic(check.data, variants, policy, log);
    out();
    out(`Matrix build (MatrixBuilder, string ids): ${report.buildMs.toFixed(0)} ms.`);
    out();
    out(syntheticTable(report));
    out();
    out('† Crowd-Kit was measured on its own seeded case of the same description, not on these exact answers: accuracies are indicative, times comparable.');
    results.synthetic = report;
    allCells.push(...report.cells);
  }

  if (!options.skip10m) {
    out();
    out(`## ${SYNTH_10M.nTasks * SYNTH_10M.answersPerTask} answers: ${SYNTH_10M.nTasks} tasks × ${SYNTH_10M.answersPerTask}, ${SYNTH_10M.nWorkers} workers`);
    log('10M case:');
    const report = await benchTenMillion(SYNTH_10M, variants, BIG_POLICY, log);
    out();
    out(tenMillionTables(report));
    results.tenMillion = report;
    allCells.push(...report.fits);
  }

  const failures = allCells.filter((cell) => (cell.error !== undefined && cell.refused !== true) || cell.problems.length > 0);
  if (failures.length > 0) {
    out();
    out('## Failures (a method crashed or broke the result contract)');
    out();
    for (const cell of failures) out(`- ${cell.case} × ${cell.method}: ${cell.error ?? cell.problems.join('; ')}`);
    process.exitCode = 1;
  }

  out();
  out(`Load average at the end: ${loadAverage()} (1 / 5 / 15 min).`);
  if (options.json !== undefined) {
    mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
    log(`results written to ${options.json}`);
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
});
