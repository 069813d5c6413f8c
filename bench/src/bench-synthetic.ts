import { MatrixBuilder } from '@crowdagg/local-aggregator';
import type { ResponseMatrix } from '@crowdagg/local-aggregator';
import { describeCell } from './bench-datasets.js';
import { type FitCell, benchFit } from './fit.js';
import type { Variant } from './variants.js';
import type { TruthOf } from './scoring.js';
import type { SyntheticCase, SyntheticSpec } from './synthetic.js';
import { type RunPolicy, timeOnce } from './timing.js';

/** Fit-time targets on the 500k-answer case, one core (ms), by method. */
export const SYNTHETIC_TARGETS_MS: Readonly<Record<string, number>> = {
  'majority-vote': 50,
  'dawid-skene': 350,
  'hierarchical-dawid-skene': 500,
  glad: 2_000,
  mace: 2_000,
  'zero-based-skill': 2_000,
};

/** A synthetic-case cell with its target, where one is set (judged on the median CPU time). */
export interface SyntheticCell extends FitCell {
  readonly targetMs?: number;
  readonly pass?: boolean;
}

/** The synthetic case's cells and matrix build time. */
export interface SyntheticReport {
  readonly case: string;
  readonly buildMs: number;
  readonly cells: SyntheticCell[];
}

/** String ids for dense synthetic ids: tasks `t<i>`, workers `w<i>`, labels `0` … `K-1`. */
export function syntheticIds(spec: SyntheticSpec): { task: (t: number) => string; workers: string[]; labels: string[] } {
  return {
    task: (t) => `t${t}`,
    workers: Array.from({ length: spec.nWorkers }, (_, w) => `w${w}`),
    labels: Array.from({ length: spec.nClasses }, (_, k) => String(k)),
  };
}

/** Streams a generated case into the package's `MatrixBuilder`. */
export function matrixFromCase(data: SyntheticCase): ResponseMatrix {
  const ids = syntheticIds(data.spec);
  const builder = new MatrixBuilder();
  let lastTask = -1;
  let taskId = '';
  for (let a = 0; a < data.answerTask.length; a++) {
    const t = data.answerTask[a] ?? 0;
    if (t !== lastTask) {
      lastTask = t;
      taskId = ids.task(t);
    }
    builder.add(taskId, ids.workers[data.answerWorker[a] ?? 0] ?? '', ids.labels[data.answerLabel[a] ?? 0] ?? '');
  }
  return builder.build();
}

/** Truth lookup for a matrix built from synthetic ids (task `t<i>` has truth `truth[i]`). */
export function syntheticTruth(matrix: ResponseMatrix, truth: Int32Array): TruthOf {
  return (t) => {
    const id = matrix.taskIds[t];
    if (id === undefined) return undefined;
    const value = truth[Number(id.slice(1))];
    return value === undefined ? undefined : String(value);
  };
}

/** Runs every method on the 500k-answer case and checks the fit-time targets. */
export function benchSynthetic(
  data: SyntheticCase,
  variants: readonly Variant[],
  policy: RunPolicy,
  log: (line: string) => void,
): SyntheticReport {
  const { result: matrix, ms: buildMs } = timeOnce(() => matrixFromCase(data));
  log(`  ${data.spec.name}: matrix built in ${buildMs.toFixed(0)} ms`);
  const truthOf = syntheticTruth(matrix, data.truth);
  const cells: SyntheticCell[] = [];
  for (const variant of variants) {
    const { cell } = benchFit(data.spec.name, variant, matrix, truthOf, policy);
    const targetMs = SYNTHETIC_TARGETS_MS[variant.name];
    const judged: SyntheticCell =
      targetMs === undefined || cell.cpuMs === undefined ? cell : { ...cell, targetMs, pass: cell.cpuMs <= targetMs };
    cells.push(judged);
    log(describeCell(judged));
  }
  return { case: data.spec.name, buildMs, cells };
}
