import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { codeOf } from '../test-support/codes.js';
import { SMALL_CROWD, accuracyCases, datasetCases } from '../test-support/family-datasets.js';
import { wawa } from './wawa.js';

const THREE_TASKS = SMALL_CROWD;

describe('wawa', () => {
  it('weights votes by agreement with majority vote (hand-checked)', () => {
    // MV: t1 y, t2 tie → x (first label), t3 x. Agreement: A 1/3, B 1, C 1/2.
    const r = wawa(THREE_TASKS);
    expect(Array.from(r.workers.skills)).toEqual([1 / 3, 1, 1 / 2]);
    expect(Array.from(r.labels)).toEqual([1, 0, 0]);
    // t1: x 1/3 vs y 3/2; t2: y 1/3 vs x 1; t3: x 4/3 vs y 1/2.
    expect(r.confidence[0]).toBeCloseTo(1.5 / (1.5 + 1 / 3), 12);
    expect(r.confidence[1]).toBeCloseTo(0.75, 12);
    expect(r.confidence[2]).toBeCloseTo(8 / 11, 12);
    expect(r.iterations).toBe(1);
    expect(r.converged).toBe(true);
  });

  it('is deterministic per seed under random ties, and rejects bad input', () => {
    const a = wawa(THREE_TASKS, { ties: 'random', seed: 7 });
    expect(Array.from(wawa(THREE_TASKS, { ties: 'random', seed: 7 }).labels)).toEqual(Array.from(a.labels));
    expect(codeOf(() => wawa(buildMatrix([])))).toBe('EMPTY_MATRIX');
    expect(codeOf(() => wawa(buildMatrix([{ task: 't', worker: 'w', label: 'a' }])))).toBe('SINGLE_CLASS');
    expect(codeOf(() => wawa(THREE_TASKS, { ties: 'lowest' as never }))).toBe('INVALID_OPTION');
  });
});

describe('wawa on the shared datasets', () => {
  accuracyCases('wawa', 'wawa', (m) => wawa(m), datasetCases());
});
