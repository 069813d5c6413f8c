import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { goldenAccuracy } from '../test-support/accuracy.js';
import { codeOf } from '../test-support/codes.js';
import { accuracyCases, datasetCases, SMALL_CROWD, syntheticCrowd } from '../test-support/family-datasets.js';
import { majorityVote } from './majority-vote.js';
import { mmsr } from './mmsr.js';

describe('mmsr', () => {
  it('recovers skills on a synthetic crowd, including a worse-than-chance worker', () => {
    const accuracies = [0.9, 0.85, 0.8, 0.75, 0.7, 0.2];
    const { matrix } = syntheticCrowd(400, 2, accuracies, 6);
    const r = mmsr(matrix);
    for (let w = 0; w < accuracies.length; w++) expect(Math.abs(r.workers.accuracy[w]! - accuracies[w]!)).toBeLessThan(0.08);
    expect(r.workers.skills[5]!).toBeLessThan(0);
    expect(goldenAccuracy(matrix, r.labels)).toBeGreaterThan(goldenAccuracy(matrix, majorityVote(matrix).labels) + 0.02);
    expect(r.converged).toBe(true);
  });

  it('never returns NaN: workers without overlaps get the median skill', () => {
    // w3 and w4 share no task with anyone; w1 and w2 share three.
    const m = buildMatrix([
      { task: 't1', worker: 'w1', label: 'a' },
      { task: 't1', worker: 'w2', label: 'a' },
      { task: 't2', worker: 'w1', label: 'b' },
      { task: 't2', worker: 'w2', label: 'b' },
      { task: 't3', worker: 'w1', label: 'a' },
      { task: 't3', worker: 'w2', label: 'b' },
      { task: 't4', worker: 'w3', label: 'a' },
      { task: 't5', worker: 'w4', label: 'b' },
    ]);
    const r = mmsr(m);
    expect(r.workers.skills.every((s) => Number.isFinite(s))).toBe(true);
    expect(Array.from(r.workers.neighbours)).toEqual([1, 1, 0, 0]);
    expect(r.workers.skills[2]).toBe(r.workers.skills[3]);
    expect(r.posteriors.every((p) => Number.isFinite(p))).toBe(true);
    const lonely = mmsr(buildMatrix([
      { task: 't1', worker: 'w1', label: 'a' },
      { task: 't2', worker: 'w2', label: 'b' },
    ]));
    expect(lonely.workers.skills.every((s) => Number.isFinite(s))).toBe(true);
    expect(Array.from(lonely.labels)).toEqual([0, 1]);
  });

  it('is deterministic per seed and rejects bad options', () => {
    expect(Array.from(mmsr(SMALL_CROWD, { minOverlap: 1 }).posteriors)).toEqual(Array.from(mmsr(SMALL_CROWD, { minOverlap: 1 }).posteriors));
    expect(codeOf(() => mmsr(SMALL_CROWD, { minOverlap: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mmsr(SMALL_CROWD, { tol: Number.NaN }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mmsr(buildMatrix([])))).toBe('EMPTY_MATRIX');
  });
});

describe('mmsr on the shared datasets', () => {
  accuracyCases(
    'mmsr',
    'mmsr',
    (matrix) => mmsr(matrix),
    datasetCases({}, ['duck', 'dog', 'music', 'temp', 'rte', 'sentiment', 'web', 'zencrowd', 'sp']),
  );
});
