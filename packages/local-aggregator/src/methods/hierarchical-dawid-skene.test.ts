import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { codeOf } from '../test-support/codes.js';
import {
  accuracyCases,
  datasetMatrix,
  flippedWorkerCrowd,
  ownFigureCases,
  SMALL_CROWD,
  syntheticCrowd,
} from '../test-support/family-datasets.js';
import type { DatasetName } from '../test-support/datasets.js';
import { hierarchicalDawidSkene } from './hierarchical-dawid-skene.js';

/** Column c of worker w (or of the population when `w` is undefined) as an array over observed labels. */
function column(flat: Float64Array, K: number, c: number, w?: number): number[] {
  const base = w === undefined ? 0 : w * K * K;
  return Array.from({ length: K }, (_, k) => flat[base + k * K + c]!);
}

describe('hierarchicalDawidSkene', () => {
  it('ends at the fixed point of its worker and population steps', () => {
    const { matrix } = syntheticCrowd(300, 3, [0.9, 0.8, 0.7, 0.6, 0.55, 0.4], 3);
    const r = hierarchicalDawidSkene(matrix, { tolerance: 0, maxIterations: 500 });
    const K = matrix.nLabels;
    const { confusion, population, strength, priors } = r.workers;
    expect(strength).toBe(K);
    // Expected counts from the returned posteriors.
    const counts = new Float64Array(matrix.nWorkers * K * K);
    for (let a = 0; a < matrix.nAnswers; a++) {
      const base = (matrix.answerWorker[a]! * K + matrix.answerLabel[a]!) * K;
      for (let c = 0; c < K; c++) counts[base + c]! += r.posteriors[matrix.answerTask[a]! * K + c]!;
    }
    const meanLog = new Float64Array(K * K);
    for (let w = 0; w < matrix.nWorkers; w++) {
      for (let c = 0; c < K; c++) {
        const n = column(counts, K, c, w);
        const total = n.reduce((s, v) => s + v, 0);
        const e = column(confusion, K, c, w);
        expect(e.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        // e_wkc = (n_wkc + s P_kc) / (n_wc + s).
        e.forEach((v, k) => expect(v).toBeCloseTo((n[k]! + strength * population[k * K + c]!) / (total + strength), 6));
        e.forEach((v, k) => (meanLog[k * K + c]! += Math.log(v) / matrix.nWorkers));
      }
    }
    // P_c ∝ exp(mean_w log e_wc).
    for (let c = 0; c < K; c++) {
      const geometric = column(meanLog, K, c).map(Math.exp);
      const sum = geometric.reduce((s, v) => s + v, 0);
      column(population, K, c).forEach((p, k) => expect(p).toBeCloseTo(geometric[k]! / sum, 12));
    }
    expect(Array.from(priors).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('shares one matrix when the prior is very strong and learns an inverted worker when it is weak', () => {
    const m = flippedWorkerCrowd();
    const K = m.nLabels;
    const w4 = m.workerIds.indexOf('w4');
    const strong = hierarchicalDawidSkene(m, { strengthPerLabel: 1e6 });
    for (let w = 0; w < m.nWorkers; w++) {
      for (let c = 0; c < K; c++) {
        const population = column(strong.workers.population, K, c);
        column(strong.workers.confusion, K, c, w).forEach((v, k) => expect(v).toBeCloseTo(population[k]!, 3));
      }
    }
    const weak = hierarchicalDawidSkene(m);
    for (let t = 0; t < 30; t++) expect(m.labelValues[weak.labels[t]!]).toBe(t % 3 === 0 ? 'b' : 'a');
    // P(w4 says b | true a): 20 expected answers against 2 pseudo-answers shaped like the population.
    expect(weak.workers.confusion[(w4 * K + 1) * K + 0]).toBeGreaterThan(0.85);
    expect(weak.workers.priors[0]).toBeCloseTo(21 / 32, 3);
  });

  it("keeps the class prior uniform with classPrior: 'uniform' and clamps golden tasks with golden: 'clamp'", () => {
    const m = flippedWorkerCrowd();
    expect(Array.from(hierarchicalDawidSkene(m, { classPrior: 'uniform' }).workers.priors)).toEqual([0.5, 0.5]);
    expect(m.labelValues[hierarchicalDawidSkene(m).labels[1]!]).toBe('a');
    const clamped = hierarchicalDawidSkene(m, { golden: 'clamp' });
    expect(m.labelValues[clamped.labels[1]!]).toBe('b');
    expect(clamped.confidence[1]).toBe(1);
  });

  it.each(['dog', 'music', 'web', 'zencrowd'] as DatasetName[])('has a non-decreasing MAP objective and is deterministic on %s', (name) => {
    const m = datasetMatrix(name);
    const r = hierarchicalDawidSkene(m);
    const history = r.lossHistory;
    expect(history).toHaveLength(r.iterations);
    for (let i = 1; i < history.length; i++) expect(history[i]!).toBeGreaterThanOrEqual(history[i - 1]! - 1e-12 * Math.abs(history[i - 1]!));
    expect(r.converged).toBe(true);
    const again = hierarchicalDawidSkene(m);
    expect(Array.from(again.posteriors)).toEqual(Array.from(r.posteriors));
    expect(Array.from(again.workers.confusion)).toEqual(Array.from(r.workers.confusion));
  });

  it('honours the iteration cap and the seeded tie policy', () => {
    const capped = hierarchicalDawidSkene(SMALL_CROWD, { maxIterations: 2, tolerance: -1 });
    expect(capped.iterations).toBe(2);
    expect(capped.converged).toBe(false);
    const random = hierarchicalDawidSkene(SMALL_CROWD, { ties: 'random', seed: 7 });
    expect(Array.from(hierarchicalDawidSkene(SMALL_CROWD, { ties: 'random', seed: 7 }).labels)).toEqual(Array.from(random.labels));
  });

  it('rejects bad input', () => {
    expect(codeOf(() => hierarchicalDawidSkene(buildMatrix([])))).toBe('EMPTY_MATRIX');
    expect(codeOf(() => hierarchicalDawidSkene(buildMatrix([{ task: 't', worker: 'w', label: 'x' }])))).toBe('SINGLE_CLASS');
    expect(codeOf(() => hierarchicalDawidSkene(SMALL_CROWD, { strengthPerLabel: -1 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => hierarchicalDawidSkene(SMALL_CROWD, { classPrior: 'free' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => hierarchicalDawidSkene(SMALL_CROWD, { maxIterations: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => hierarchicalDawidSkene(SMALL_CROWD, { tolerance: Number.NaN }))).toBe('INVALID_OPTION');
    expect(codeOf(() => hierarchicalDawidSkene(SMALL_CROWD, { golden: 'use' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => hierarchicalDawidSkene(SMALL_CROWD, { ties: 'last' as never }))).toBe('INVALID_OPTION');
  });
});

describe('hierarchicalDawidSkene on the shared datasets', () => {
  // Crowd-Kit has no hierarchical DS: the floors are our own figures − 0.5 pp; its "DS, 100 it" is printed beside them.
  const OWN: Record<DatasetName, number> = {
    duck: 0.8981,
    dog: 0.8414,
    music: 0.7743,
    temp: 0.9416,
    rte: 0.9287,
    sentiment: 0.96,
    web: 0.8489,
    zencrowd: 0.7907,
    sp: 0.915,
    relevance: 0.6103,
    cifar10n: 0.916,
  };
  accuracyCases(
    'hierarchical-dawid-skene',
    'ds100',
    (matrix) => hierarchicalDawidSkene(matrix),
    ownFigureCases(OWN),
  );
});
