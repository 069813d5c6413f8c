import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { goldenAccuracy } from '../test-support/accuracy.js';
import { codeOf } from '../test-support/codes.js';
import { accuracyCases, datasetCases, datasetMatrix, SMALL_CROWD, syntheticCrowd } from '../test-support/family-datasets.js';
import { glad } from './glad.js';
import { majorityVote } from './majority-vote.js';

describe('glad', () => {
  it('starts from α = β = 1: the first E-step is a vote with weight e per answer', () => {
    // With α = 1, β = 1 and K = 2, each answer adds e·(agree) to its label's log-odds,
    // so after the E-step at the start a 2-vs-1 task has posterior σ(e).
    const m = buildMatrix([
      { task: 't1', worker: 'A', label: 'x' },
      { task: 't1', worker: 'B', label: 'x' },
      { task: 't1', worker: 'C', label: 'y' },
    ]);
    const r = glad(m, { nIter: 1 });
    expect(r.lossHistory).toHaveLength(2);
    // MAP objective at the start: log(½e^{2e}·σ(-e)³ + ½e^{e}·σ(-e)³) − 4·(½ln 2π).
    const logSigmoidMinusE = -Math.log1p(Math.exp(Math.E));
    const start = Math.log(0.5 * Math.exp(2 * Math.E) + 0.5 * Math.exp(Math.E)) + 3 * logSigmoidMinusE - 2 * Math.log(2 * Math.PI);
    expect(r.lossHistory[0]).toBeCloseTo(start / 3, 10);
    expect(r.labels[0]).toBe(0);
  });

  it('gives a reliable worker a larger ability than a contrarian one', () => {
    const { matrix } = syntheticCrowd(300, 3, [0.9, 0.85, 0.8, 0.75, 0.05], 11);
    const r = glad(matrix);
    const alphas = r.workers.alphas;
    expect(alphas[0]!).toBeGreaterThan(alphas[3]!);
    expect(alphas[4]!).toBeLessThan(0);
    expect(r.workers.betas).toHaveLength(matrix.nTasks);
    expect(r.converged).toBe(true);
    // Down-weighting the contrarian beats counting it: GLAD is more accurate than majority vote here.
    expect(goldenAccuracy(matrix, r.labels)).toBeGreaterThan(goldenAccuracy(matrix, majorityVote(matrix).labels) + 0.02);
  });

  it('never lowers the MAP objective from one round to the next', () => {
    for (const name of ['dog', 'web'] as const) {
      const r = glad(datasetMatrix(name));
      for (let i = 1; i < r.lossHistory.length; i++) expect(r.lossHistory[i]!).toBeGreaterThanOrEqual(r.lossHistory[i - 1]!);
    }
  });

  it('is deterministic, honours label priors and rejects bad input', () => {
    const a = glad(SMALL_CROWD);
    expect(Array.from(glad(SMALL_CROWD).posteriors)).toEqual(Array.from(a.posteriors));
    expect(glad(SMALL_CROWD, { labelPriors: [1, 99] }).labels[1]).toBe(1);
    expect(codeOf(() => glad(SMALL_CROWD, { labelPriors: [1] }))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => glad(SMALL_CROWD, { labelPriors: 'uniform' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => glad(SMALL_CROWD, { labelPriors: [1, 0] }))).toBe('INVALID_OPTION');
    expect(codeOf(() => glad(SMALL_CROWD, { mStepIter: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => glad(buildMatrix([{ task: 't', worker: 'w', label: 'a' }])))).toBe('SINGLE_CLASS');
  });
});

describe('glad on the shared datasets', () => {
  accuracyCases(
    'glad',
    'glad',
    (matrix) => glad(matrix),
    datasetCases(),
  );

  it('without the spammer screen converges to ~0.50 on relevance (the model, not the fit; see the README)', () => {
    const matrix = datasetMatrix('relevance');
    const r = glad(matrix, { spammers: 'keep' });
    expect(goldenAccuracy(matrix, r.labels)).toBeCloseTo(0.5011, 3);
    expect(r.options.spammers).toBe('keep');
    expect(codeOf(() => glad(SMALL_CROWD, { spammers: 'drop' as never }))).toBe('INVALID_OPTION');
  });
});
