/**
 * Seeded random matrices, including degenerate ones (one answer per task,
 * unanimous workers, skills 0 and 100, labels nobody chose): every method
 * returns finite posteriors whose rows sum to 1, and the same seed gives the
 * same result.
 */
import { describe, expect, it } from 'vitest';
import { dawidSkeneParams, predictWithWorkers } from './incremental.js';
import { buildMatrix } from './matrix.js';
import { dawidSkene } from './methods/dawid-skene.js';
import { majorityVote } from './methods/majority-vote.js';
import { weightedDynamicOverlap } from './methods/weighted-dynamic-overlap.js';
import { createRng } from './ties.js';
import type { AggregationResult, ResponseMatrix } from './types.js';

function randomCase(seed: number) {
  const rng = createRng(seed);
  const nLabels = 2 + Math.floor(rng() * 4);
  const nTasks = 1 + Math.floor(rng() * 40);
  const nWorkers = 1 + Math.floor(rng() * 8);
  const labels = Array.from({ length: nLabels }, (_, k) => `L${k}`);
  const rows = [];
  for (let t = 0; t < nTasks; t++) {
    const overlap = 1 + Math.floor(rng() * 5);
    const truth = Math.floor(rng() * Math.min(nLabels, 2));
    for (let j = 0; j < overlap; j++) {
      const worker = Math.floor(rng() * nWorkers);
      const label = rng() < 0.7 ? truth : Math.floor(rng() * nLabels);
      rows.push({ task: `t${t}`, worker: `w${worker}`, label: labels[label]! });
    }
  }
  const skills: Record<string, number> = {};
  for (let w = 0; w < nWorkers; w++) skills[`w${w}`] = [0, 100, 50, Math.round(rng() * 100)][w % 4]!;
  return { matrix: buildMatrix(rows, { labels }), skills };
}

function expectWellFormed(matrix: ResponseMatrix, result: AggregationResult): void {
  const K = matrix.nLabels;
  expect(result.posteriors.length).toBe(matrix.nTasks * K);
  for (let t = 0; t < matrix.nTasks; t++) {
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const p = result.posteriors[t * K + k]!;
      expect(Number.isFinite(p) && p >= 0).toBe(true);
      sum += p;
    }
    expect(sum).toBeCloseTo(1, 9);
    expect(result.labels[t]).toBeGreaterThanOrEqual(0);
    expect(result.labels[t]).toBeLessThan(K);
    expect(result.confidence[t]).toBe(result.posteriors[t * K + result.labels[t]!]);
  }
  expect(result.lossHistory.every((v) => Number.isFinite(v))).toBe(true);
}

describe('robustness on random matrices', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i))('seed %i', (seed) => {
    const { matrix, skills } = randomCase(seed);
    const runs: AggregationResult[] = [
      majorityVote(matrix),
      majorityVote(matrix, { skills, ties: 'random', seed }),
      weightedDynamicOverlap(matrix, { skills }),
      weightedDynamicOverlap(matrix, { skills, ties: 'random', seed }),
      dawidSkene(matrix),
      dawidSkene(matrix, { stopping: 'crowdkit' }),
      dawidSkene(matrix, { ties: 'random', seed }),
    ];
    for (const result of runs) expectWellFormed(matrix, result);
    const fitted = runs[4] as ReturnType<typeof dawidSkene>;
    expectWellFormed(matrix, predictWithWorkers(matrix, { type: 'dawid-skene', ...dawidSkeneParams(matrix, fitted) }));
    expect(Array.from(dawidSkene(matrix, { ties: 'random', seed }).labels)).toEqual(Array.from(runs[6]!.labels));
  });
});
