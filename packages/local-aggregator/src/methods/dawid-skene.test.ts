import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { flippedWorkerCrowd } from '../test-support/family-datasets.js';
import { dawidSkene } from './dawid-skene.js';

const TWO_TASKS = buildMatrix([
  { task: 't1', worker: 'A', label: 'a' },
  { task: 't2', worker: 'A', label: 'b' },
]);

describe('dawidSkene', () => {
  it('recovers the consensus and learns an inverted worker', () => {
    const m = flippedWorkerCrowd();
    const result = dawidSkene(m);
    for (let t = 0; t < 30; t++) expect(m.labelValues[result.labels[t]!]).toBe(t % 3 === 0 ? 'b' : 'a');
    const K = m.nLabels;
    const w4 = m.workerIds.indexOf('w4');
    const confusion = result.workers.confusion;
    // P(w4 says b | true a) ≈ 1.
    expect(confusion[(w4 * K + 1) * K + 0]).toBeGreaterThan(0.99);
    // Columns sum to 1 for every worker and true label.
    for (let w = 0; w < m.nWorkers; w++) {
      for (let c = 0; c < K; c++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += confusion[(w * K + k) * K + c]!;
        expect(sum).toBeCloseTo(1, 12);
      }
    }
    expect(Array.from(result.workers.priors).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(result.workers.priors[0]).toBeCloseTo(2 / 3, 6);
    expect(result.converged).toBe(true);
  });

  it("clamps golden tasks' posteriors with golden: 'clamp'", () => {
    const m = flippedWorkerCrowd();
    const free = dawidSkene(m);
    expect(m.labelValues[free.labels[1]!]).toBe('a');
    const clamped = dawidSkene(m, { golden: 'clamp' });
    expect(m.labelValues[clamped.labels[1]!]).toBe('b');
    expect(clamped.confidence[1]).toBe(1);
  });

  it("warm-starts from known confusion matrices ('assign' and 'addition')", () => {
    // [observed * K + true]: A says a when the truth is b, and b when it is a.
    const inverted = [0.1, 0.9, 0.9, 0.1];
    const assigned = dawidSkene(TWO_TASKS, { maxIterations: 1, initialErrors: { A: inverted } });
    expect(assigned.posteriors[1]).toBeCloseTo(0.9, 12);
    expect(assigned.options.initialErrorStrategy).toBe('assign');
    const added = dawidSkene(TWO_TASKS, {
      maxIterations: 1,
      initialErrors: new Map([['A', [0, 3, 3, 0]]]),
      initialErrorStrategy: 'addition',
    });
    // Majority-vote counts [1,0,0,1] + [0,3,3,0] → columns [1/4, 3/4].
    expect(added.posteriors[1]).toBeCloseTo(0.75, 12);
    // A given matrix counts all its rows, even labels the worker never used in the data (Crowd-Kit's 'assign').
    const partial = buildMatrix([
      { task: 't1', worker: 'A', label: 'a' },
      { task: 't1', worker: 'B', label: 'b' },
      { task: 't2', worker: 'A', label: 'a' },
      { task: 't2', worker: 'B', label: 'a' },
    ]);
    // Priors (.75, .25); B from vote shares: P(b | a) = 1/3, P(b | b) ≈ 1; A given: P(a | a) = .5, P(a | b) = .1.
    const onPartial = dawidSkene(partial, { maxIterations: 1, initialErrors: { A: [0.5, 0.1, 0.5, 0.9] } });
    expect(onPartial.posteriors[0]).toBeCloseTo(0.125 / 0.15, 9);
    expect(() => dawidSkene(TWO_TASKS, { initialErrors: { A: [1, 0, 0] } })).toThrow(
      expect.objectContaining({ code: 'LENGTH_MISMATCH' }),
    );
    expect(() => dawidSkene(TWO_TASKS, { initialErrors: { A: [1, -1, 0, 1] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('stops by its rule, reports iterations and honours the cap', () => {
    const m = flippedWorkerCrowd();
    const capped = dawidSkene(m, { maxIterations: 3, tolerance: -1 });
    expect(capped.iterations).toBe(3);
    expect(capped.converged).toBe(false);
    expect(capped.lossHistory).toHaveLength(3);
    const crowdkit = dawidSkene(m, { stopping: 'crowdkit' });
    expect(crowdkit.options.tolerance).toBe(1e-5);
    expect(crowdkit.lossHistory.length).toBe(crowdkit.iterations);
  });

  it('is deterministic and NaN-free on a label nobody used', () => {
    const m = buildMatrix(
      [
        { task: 't1', worker: 'A', label: 'x' },
        { task: 't1', worker: 'B', label: 'y' },
        { task: 't2', worker: 'A', label: 'x' },
      ],
      { labels: ['x', 'y', 'z'] },
    );
    const a = dawidSkene(m, { ties: 'random', seed: 3 });
    const b = dawidSkene(m, { ties: 'random', seed: 3 });
    expect(Array.from(a.posteriors)).toEqual(Array.from(b.posteriors));
    expect(a.posteriors.every((v) => Number.isFinite(v))).toBe(true);
    expect(a.posteriors[2]).toBeLessThan(1e-6);
  });

  it('rejects one-class and empty matrices and bad options with codes', () => {
    const one = buildMatrix([{ task: 't', worker: 'w', label: 'a' }]);
    expect(() => dawidSkene(one)).toThrow(expect.objectContaining({ code: 'SINGLE_CLASS' }));
    expect(() => dawidSkene(buildMatrix([]))).toThrow(expect.objectContaining({ code: 'EMPTY_MATRIX' }));
    expect(() => dawidSkene(TWO_TASKS, { stopping: 'elbo' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => dawidSkene(TWO_TASKS, { maxIterations: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => dawidSkene(TWO_TASKS, { golden: 'use' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
