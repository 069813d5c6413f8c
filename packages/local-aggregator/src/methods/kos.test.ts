import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { codeOf } from '../test-support/codes.js';
import { accuracyCases, datasetCases, datasetMatrix, SMALL_CROWD, syntheticCrowd } from '../test-support/family-datasets.js';
import { goldenAccuracy } from '../test-support/accuracy.js';
import { kos } from './kos.js';

const BINARY_SETS = ['duck', 'temp', 'rte', 'sentiment', 'zencrowd', 'sp'] as const;

describe('kos', () => {
  it('accepts only two labels', () => {
    const three = buildMatrix([
      { task: 't', worker: 'a', label: 'x' },
      { task: 't', worker: 'b', label: 'y' },
      { task: 't', worker: 'c', label: 'z' },
    ]);
    expect(codeOf(() => kos(three))).toBe('NOT_BINARY');
    expect(codeOf(() => kos(buildMatrix([{ task: 't', worker: 'a', label: 'x' }])))).toBe('SINGLE_CLASS');
    expect(codeOf(() => kos(SMALL_CROWD, { workerMessages: 'max' as never }))).toBe('INVALID_OPTION');
  });

  it('treats a zero sum as a tie under the shared policy instead of failing', () => {
    // Each worker answers once, so every worker → task message is 0 and both tasks sum to 0.
    const m = buildMatrix([
      { task: 't1', worker: 'a', label: 'x' },
      { task: 't1', worker: 'b', label: 'y' },
      { task: 't2', worker: 'c', label: 'y' },
      { task: 't2', worker: 'd', label: 'x' },
    ]);
    const first = kos(m);
    expect(Array.from(first.labels)).toEqual([0, 0]);
    expect(Array.from(first.posteriors)).toEqual([0.5, 0.5, 0.5, 0.5]);
    const picks = new Set<number>();
    for (let seed = 0; seed < 16; seed++) picks.add(kos(m, { ties: 'random', seed }).labels[0]!);
    expect(picks).toEqual(new Set([0, 1]));
  });

  it('orients the global sign to agree with majority vote', () => {
    // Mostly good workers, one always wrong: without orientation half of the seeds would flip every label.
    const { matrix } = syntheticCrowd(200, 2, [0.9, 0.85, 0.8, 0.75, 0.1], 9);
    for (const seed of [0, 1, 2, 3]) {
      const r = kos(matrix, { seed });
      expect(goldenAccuracy(matrix, r.labels)).toBeGreaterThan(0.95);
      expect(r.workers.reliability[4]!).toBeLessThan(0);
      expect(r.workers.reliability[0]!).toBeGreaterThan(0);
    }
  });

  it("reproduces Crowd-Kit's figures with the original summed messages", () => {
    // The localisation that the default averaging avoids: near chance on rte.
    expect(goldenAccuracy(datasetMatrix('rte'), kos(datasetMatrix('rte'), { workerMessages: 'sum' }).labels)).toBeCloseTo(0.4975, 4);
    expect(goldenAccuracy(datasetMatrix('temp'), kos(datasetMatrix('temp'), { workerMessages: 'sum' }).labels)).toBeCloseTo(0.5693, 4);
  });
});

describe('kos on the shared binary datasets', () => {
  accuracyCases(
    'kos',
    'kos',
    (matrix) => kos(matrix),
    datasetCases(
      {
        temp: { atLeastMajority: true },
        // rte: 0.9137, 0.5 pp under majority vote (Crowd-Kit: 0.4975); see the README.
        rte: { knownGap: 0.9137 },
        // zencrowd: Crowd-Kit's summed messages happen to score 0.8529 here; see the README.
        zencrowd: { knownGap: 0.8436 },
      },
      BINARY_SETS,
    ),
  );
});
