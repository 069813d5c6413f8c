import type { AggregationResult, ResponseMatrix } from '@crowdagg/local-aggregator';

/** Golden truth for a matrix: the true label value per task (undefined where unknown). */
export type TruthOf = (t: number) => string | undefined;

/** Share of tasks with a known truth whose chosen label equals it (undefined when none is known). */
export function accuracy(matrix: ResponseMatrix, labels: Int32Array, truthOf: TruthOf): number | undefined {
  let known = 0;
  let right = 0;
  for (let t = 0; t < matrix.nTasks; t++) {
    const truth = truthOf(t);
    if (truth === undefined) continue;
    known++;
    if (matrix.labelValues[labels[t] ?? -1] === truth) right++;
  }
  return known === 0 ? undefined : right / known;
}

/** Truth lookup from a task-id → label map (a dataset's golden.tsv). */
export function truthFromMap(matrix: ResponseMatrix, golden: ReadonlyMap<string, string>): TruthOf {
  return (t) => {
    const id = matrix.taskIds[t];
    return id === undefined ? undefined : golden.get(id);
  };
}

/**
 * What is wrong with a result, if anything: lengths that do not match the
 * matrix, labels out of range, non-finite numbers, posterior rows that do not
 * sum to 1, a confidence that is not the chosen label's posterior. Empty when
 * the result honours the contract.
 */
export function contractProblems(matrix: ResponseMatrix, result: AggregationResult): string[] {
  const problems: string[] = [];
  const { nTasks, nLabels } = matrix;
  if (result.labels.length !== nTasks) problems.push(`labels has ${result.labels.length} entries, expected ${nTasks}`);
  if (result.posteriors.length !== nTasks * nLabels) {
    problems.push(`posteriors has ${result.posteriors.length} entries, expected ${nTasks * nLabels}`);
  }
  if (result.confidence.length !== nTasks) problems.push(`confidence has ${result.confidence.length} entries, expected ${nTasks}`);
  if (problems.length > 0) return problems;
  let badLabel = 0;
  let nonFinite = 0;
  let badRow = 0;
  let badConfidence = 0;
  for (let t = 0; t < nTasks; t++) {
    const label = result.labels[t] ?? -1;
    if (label < 0 || label >= nLabels) badLabel++;
    let sum = 0;
    for (let k = 0; k < nLabels; k++) {
      const p = result.posteriors[t * nLabels + k] ?? NaN;
      if (!Number.isFinite(p)) nonFinite++;
      sum += p;
    }
    if (!(Math.abs(sum - 1) <= 1e-6)) badRow++;
    const confidence = result.confidence[t] ?? NaN;
    if (!Number.isFinite(confidence)) nonFinite++;
    else if (label >= 0 && label < nLabels && Math.abs(confidence - (result.posteriors[t * nLabels + label] ?? NaN)) > 1e-9) {
      badConfidence++;
    }
  }
  if (badLabel > 0) problems.push(`${badLabel} labels out of range`);
  if (nonFinite > 0) problems.push(`${nonFinite} non-finite posteriors/confidences`);
  if (badRow > 0) problems.push(`${badRow} posterior rows not summing to 1`);
  if (badConfidence > 0) problems.push(`${badConfidence} confidences differ from the chosen label's posterior`);
  if (!Number.isInteger(result.iterations) || result.iterations < 0) problems.push(`iterations is ${result.iterations}`);
  if (result.lossHistory.some((value) => !Number.isFinite(value))) problems.push('non-finite loss history');
  return problems;
}

/** Share of tasks where two label assignments (by label value) agree, over tasks present in `reference`. */
export function agreement(matrix: ResponseMatrix, labels: Int32Array, reference: ReadonlyMap<string, string>): number | undefined {
  return accuracy(matrix, labels, truthFromMap(matrix, reference));
}
