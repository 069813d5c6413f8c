/**
 * Majority vote and Dawid-Skene on every categorical dataset in
 * ../shared/datasets against Crowd-Kit 1.4.1's figures and labels.
 */
import { describe, expect, it } from 'vitest';
import { buildMatrix } from './matrix.js';
import { dawidSkene } from './methods/dawid-skene.js';
import { majorityVote } from './methods/majority-vote.js';
import { goldenAccuracy } from './test-support/accuracy.js';
import { asCrowdKitLabel, CROWDKIT_ACCURACY } from './test-support/crowdkit-figures.js';
import { CATEGORICAL_DATASETS, loadDataset } from './test-support/datasets.js';
import type { AggregationResult, ResponseMatrix } from './types.js';

const HALF_POINT = 0.005;

function expectFinite(result: AggregationResult): void {
  expect(result.posteriors.every((v) => Number.isFinite(v))).toBe(true);
  expect(result.confidence.every((v) => Number.isFinite(v) && v > 0 && v <= 1 + 1e-12)).toBe(true);
  expect(result.lossHistory.every((v) => Number.isFinite(v))).toBe(true);
}

function agreementWithCrowdKit(matrix: ResponseMatrix, labels: Int32Array, crowdkit: Map<string, string>): number {
  let agree = 0;
  let total = 0;
  for (let t = 0; t < matrix.nTasks; t++) {
    const want = crowdkit.get(matrix.taskIds[t]!);
    if (want === undefined) continue;
    total++;
    if (asCrowdKitLabel(matrix.labelValues[labels[t]!]!) === asCrowdKitLabel(want)) agree++;
  }
  expect(total).toBe(matrix.nTasks);
  return agree / total;
}

describe.each(CATEGORICAL_DATASETS)('dataset %s', (name) => {
  const figures = CROWDKIT_ACCURACY[name];
  const load = () => {
    const dataset = loadDataset(name);
    return { dataset, matrix: buildMatrix(dataset.responses, { golden: dataset.golden }) };
  };

  it('majority vote reaches Crowd-Kit MV accuracy', () => {
    const { matrix } = load();
    const result = majorityVote(matrix);
    expectFinite(result);
    expect(goldenAccuracy(matrix, result.labels)).toBeGreaterThanOrEqual(figures.mv - HALF_POINT);
  });

  it('Dawid-Skene (likelihood rule) reaches Crowd-Kit "DS, 100 it" with a monotone log-likelihood', () => {
    const { matrix } = load();
    const result = dawidSkene(matrix);
    expectFinite(result);
    expect(goldenAccuracy(matrix, result.labels)).toBeGreaterThanOrEqual(figures.ds100 - HALF_POINT);
    const history = result.lossHistory;
    for (let i = 1; i < history.length; i++) {
      // EM never lowers the likelihood; allow only floating-point rounding.
      expect(history[i]!).toBeGreaterThanOrEqual(history[i - 1]! - 1e-12 * Math.abs(history[i - 1]!));
    }
    expect(result.iterations).toBe(history.length);
  });

  it("Dawid-Skene 'crowdkit' mode matches Crowd-Kit's labels on ≥ 99.5 % of tasks", () => {
    const { dataset, matrix } = load();
    const result = dawidSkene(matrix, { stopping: 'crowdkit' });
    expectFinite(result);
    expect(agreementWithCrowdKit(matrix, result.labels, dataset.crowdkitDs)).toBeGreaterThanOrEqual(0.995);
    expect(goldenAccuracy(matrix, result.labels)).toBeGreaterThanOrEqual(figures.ds - HALF_POINT);
  });
});
