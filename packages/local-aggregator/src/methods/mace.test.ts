import { describe, expect, it } from 'vitest';
import { buildMatrix, type AnswerRow } from '../matrix.js';
import { codeOf } from '../test-support/codes.js';
import { accuracyCases, datasetCases, SMALL_CROWD, syntheticCrowd } from '../test-support/family-datasets.js';
import { digamma, mace } from './mace.js';

describe('digamma', () => {
  it('matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 12);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 12);
    expect(digamma(1e-3)).toBeCloseTo(-1000.5755719318103, 8);
  });
});

describe('mace', () => {
  it('keeps each worker on its own row: a spammer is found whatever its id sorts like', () => {
    // Worker "w10" always answers "b"; first-seen order puts it last, string order second.
    const rows: AnswerRow[] = [];
    const ids = ['w1', 'w2', 'w3', 'w4', 'w10'];
    for (let t = 0; t < 60; t++) {
      const truth = ['a', 'b', 'c'][t % 3]!;
      for (const worker of ids) rows.push({ task: `t${t}`, worker, label: worker === 'w10' ? 'b' : truth });
    }
    const m = buildMatrix(rows);
    const r = mace(m);
    const spammer = m.workerIds.indexOf('w10');
    const b = m.labelValues.indexOf('b');
    for (let w = 0; w < m.nWorkers; w++) if (w !== spammer) expect(r.workers.competence[w]!).toBeGreaterThan(0.9);
    expect(r.workers.competence[spammer]!).toBeLessThan(0.5);
    expect(r.workers.strategy[spammer * m.nLabels + b]!).toBeGreaterThan(0.5);
    expect(Array.from(r.labels).map((l) => m.labelValues[l])).toEqual(Array.from({ length: 60 }, (_, t) => ['a', 'b', 'c'][t % 3]));
  });

  it('draws a new start for every restart and keeps the best', () => {
    const { matrix } = syntheticCrowd(120, 3, [0.8, 0.7, 0.6, 0.5, 0.4], 2);
    const one = mace(matrix, { nRestarts: 1, tol: 0, nIter: 5 });
    const other = mace(matrix, { nRestarts: 1, tol: 0, nIter: 5, seed: 1 });
    expect(one.lossHistory[0]).not.toBe(other.lossHistory[0]);
    const several = mace(matrix, { nRestarts: 4, tol: 0, nIter: 5 });
    expect(several.workers.logMarginalLikelihood).toBeGreaterThanOrEqual(one.workers.logMarginalLikelihood);
    expect(several.iterations).toBe(20);
    // Screening: 4 restarts × 2 rounds, then the best one continues to 5 rounds.
    const screened = mace(matrix, { nRestarts: 4, tol: 0, nIter: 5, screenRounds: 2 });
    expect(screened.iterations).toBe(4 * 2 + 3);
    expect(screened.lossHistory).toHaveLength(5);
  });

  it('runs without underflow on tasks with many answers', () => {
    const { matrix } = syntheticCrowd(20, 2, Array.from({ length: 400 }, (_, w) => 0.55 + (w % 5) * 0.05), 4);
    const r = mace(matrix, { nRestarts: 2 });
    expect(r.posteriors.every((p) => Number.isFinite(p))).toBe(true);
    expect(Array.from(r.labels)).toEqual(Array.from(matrix.golden!));
  });

  it('is deterministic, supports EM and the uniform prior, and rejects bad options', () => {
    expect(Array.from(mace(SMALL_CROWD).posteriors)).toEqual(Array.from(mace(SMALL_CROWD).posteriors));
    const em = mace(SMALL_CROWD, { method: 'em', classPrior: 'uniform' });
    expect(em.options).toMatchObject({ method: 'em', classPrior: 'uniform', nRestarts: 10, nIter: 50 });
    expect(Array.from(em.workers.classPrior)).toEqual([0.5, 0.5]);
    expect(codeOf(() => mace(SMALL_CROWD, { method: 'gibbs' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mace(SMALL_CROWD, { nRestarts: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mace(SMALL_CROWD, { alpha: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => mace(buildMatrix([])))).toBe('EMPTY_MATRIX');
  });
});

describe('mace on the shared datasets', () => {
  accuracyCases(
    'mace',
    'mace',
    (matrix) => mace(matrix),
    datasetCases({ duck: { atLeastMajority: true }, relevance: { atLeastMajority: true } }),
  );
});
