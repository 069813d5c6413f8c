import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { codeOf } from '../test-support/codes.js';
import { accuracyCases, datasetCases, datasetMatrix, SMALL_CROWD, syntheticCrowd } from '../test-support/family-datasets.js';
import { oneCoinDawidSkene } from './one-coin-dawid-skene.js';

describe('oneCoinDawidSkene', () => {
  it('computes one EM round by hand (no skill prior)', () => {
    // MV shares: t1 x 2/3, y 1/3; t2 y 1. Skills: A = B = (2/3 + 1) / 2 = 5/6, C = (1/3 + 1) / 2 = 2/3.
    // t1 odds x:y = (5/6)² · (1/3) : (1/6)² · (2/3) = 25 : 2.
    const m = buildMatrix([
      { task: 't1', worker: 'A', label: 'x' },
      { task: 't1', worker: 'B', label: 'x' },
      { task: 't1', worker: 'C', label: 'y' },
      { task: 't2', worker: 'A', label: 'y' },
      { task: 't2', worker: 'B', label: 'y' },
      { task: 't2', worker: 'C', label: 'y' },
    ]);
    const r = oneCoinDawidSkene(m, { nIter: 1, skillPrior: [0, 0] });
    expect(r.workers.skills[0]).toBeCloseTo(5 / 6, 12);
    expect(r.workers.skills[2]).toBeCloseTo(2 / 3, 12);
    expect(r.posteriors[0]).toBeCloseTo(25 / 27, 12);
    expect(Array.from(r.labels)).toEqual([0, 1]);
    expect(r.converged).toBe(false);
  });

  it('smooths skills with the Beta prior and never goes below chance', () => {
    const r = oneCoinDawidSkene(SMALL_CROWD, { nIter: 1 });
    // A agrees with the MV shares on 1/3 + 1/2 + 2/3 of its 3 answers: (1.5 + 6) / (3 + 8).
    expect(r.workers.skills[0]).toBeCloseTo(7.5 / 11, 12);
    const adversarial = oneCoinDawidSkene(SMALL_CROWD, { skillPrior: [0, 50] });
    for (const s of adversarial.workers.skills) expect(s).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps the class prior uniform by default and smooths it when learned', () => {
    const { matrix } = syntheticCrowd(200, 2, [0.9, 0.8, 0.7, 0.6], 5);
    expect(Array.from(oneCoinDawidSkene(matrix).workers.priors)).toEqual([0.5, 0.5]);
    const learned = oneCoinDawidSkene(matrix, { classPrior: 'learned' });
    expect(learned.workers.priors[0]! + learned.workers.priors[1]!).toBeCloseTo(1, 12);
    expect(learned.workers.priors[0]).not.toBe(0.5);
  });

  it('has a non-decreasing log-likelihood and is deterministic', () => {
    const m = datasetMatrix('dog');
    const r = oneCoinDawidSkene(m);
    for (let i = 1; i < r.lossHistory.length; i++) expect(r.lossHistory[i]!).toBeGreaterThanOrEqual(r.lossHistory[i - 1]! - 1e-12);
    expect(r.converged).toBe(true);
    expect(Array.from(oneCoinDawidSkene(m).posteriors)).toEqual(Array.from(r.posteriors));
  });

  it('rejects bad input', () => {
    expect(codeOf(() => oneCoinDawidSkene(buildMatrix([])))).toBe('EMPTY_MATRIX');
    expect(codeOf(() => oneCoinDawidSkene(SMALL_CROWD, { classPrior: 'free' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => oneCoinDawidSkene(SMALL_CROWD, { skillPrior: [-1, 2] }))).toBe('INVALID_OPTION');
    expect(codeOf(() => oneCoinDawidSkene(SMALL_CROWD, { skillPrior: 6 as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => oneCoinDawidSkene(SMALL_CROWD, { tol: -1 }))).toBe('INVALID_OPTION');
  });
});

describe('oneCoinDawidSkene on the shared datasets', () => {
  accuracyCases(
    'one-coin-dawid-skene',
    'oneCoinDs',
    (matrix) => oneCoinDawidSkene(matrix),
    datasetCases({
      duck: { atLeastMajority: true },
      relevance: { atLeastMajority: true },
      // Crowd-Kit's 0.8598 comes from stopping after 2 rounds with a learned prior; see the README.
      zencrowd: { knownGap: 0.8284 },
    }),
  );
});
