import { buildMatrix } from '@crowdagg/local-aggregator';
import { loadDataset } from './datasets.js';
import { type FitCell, benchFit } from './fit.js';
import type { Variant } from './variants.js';
import { agreement, truthFromMap } from './scoring.js';
import { type RunPolicy, timeOnce } from './timing.js';

/** Size and build time of one dataset's matrix. */
export interface DatasetShape {
  readonly dataset: string;
  readonly answers: number;
  readonly tasks: number;
  readonly workers: number;
  readonly labels: number;
  readonly goldenTasks: number;
  /** Time of one `buildMatrix` call over the parsed rows (ms). */
  readonly buildMs: number;
}

/** Every dataset × method cell, and the datasets' shapes. */
export interface DatasetsReport {
  readonly shapes: DatasetShape[];
  readonly cells: FitCell[];
}

/**
 * Runs every method on every dataset: the matrix is built once per dataset
 * (label order: the package default, Crowd-Kit's sorted order), golden labels
 * are used for scoring only, never given to a method.
 */
export function benchDatasets(
  names: readonly string[],
  variants: readonly Variant[],
  policy: RunPolicy,
  log: (line: string) => void,
): DatasetsReport {
  const shapes: DatasetShape[] = [];
  const cells: FitCell[] = [];
  for (const name of names) {
    const dataset = loadDataset(name);
    const { result: matrix, ms: buildMs } = timeOnce(() => buildMatrix(dataset.answers));
    const truthOf = truthFromMap(matrix, dataset.golden);
    let goldenTasks = 0;
    for (let t = 0; t < matrix.nTasks; t++) if (truthOf(t) !== undefined) goldenTasks++;
    shapes.push({
      dataset: name,
      answers: matrix.nAnswers,
      tasks: matrix.nTasks,
      workers: matrix.nWorkers,
      labels: matrix.nLabels,
      goldenTasks,
      buildMs,
    });
    for (const variant of variants) {
      const { cell, result } = benchFit(name, variant, matrix, truthOf, policy);
      const withAgreement =
        result !== undefined && variant.entry.name === 'dawid-skene' && dataset.crowdkitDs.size > 0
          ? { ...cell, crowdkitDsAgreement: agreement(matrix, result.labels, dataset.crowdkitDs) }
          : cell;
      cells.push(withAgreement);
      log(describeCell(withAgreement));
    }
  }
  return { shapes, cells };
}

/** One progress line for stderr. */
export function describeCell(cell: FitCell): string {
  if (cell.error !== undefined) return `  ${cell.case} × ${cell.method}: ${cell.refused === true ? 'refused' : 'ERROR'} ${cell.error}`;
  const acc = cell.accuracy === undefined ? '' : ` acc ${cell.accuracy.toFixed(4)}`;
  const problems = cell.problems.length > 0 ? ` PROBLEMS: ${cell.problems.join('; ')}` : '';
  return `  ${cell.case} × ${cell.method}: ${(cell.fitMs ?? 0).toFixed(2)} ms (${cell.runs} runs), ${cell.iterations} it${acc}${problems}`;
}
