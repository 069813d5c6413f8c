import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { codeOf } from '../test-support/codes.js';
import { SMALL_CROWD, accuracyCases, datasetCases, syntheticCrowd } from '../test-support/family-datasets.js';
import { wawa } from './wawa.js';
import { zeroBasedSkill } from './zero-based-skill.js';

const m = SMALL_CROWD;

describe('zeroBasedSkill', () => {
  it('with one round at learning rate 1 equals Wawa', () => {
    // Round 1: equal skills → majority vote; skills jump to agreement with it.
    const one = zeroBasedSkill(m, { nIter: 1 });
    const reference = wawa(m);
    expect(Array.from(one.workers.skills)).toEqual(Array.from(reference.workers.skills));
    expect(Array.from(one.labels)).toEqual(Array.from(reference.labels));
    expect(Array.from(one.posteriors)).toEqual(Array.from(reference.posteriors));
  });

  it('always runs nIter rounds and halves the learning rate every lrStepsToReduce rounds', () => {
    const r = zeroBasedSkill(m);
    expect(r.iterations).toBe(100);
    expect(r.lossHistory).toHaveLength(100);
    expect(r.converged).toBe(true);
    // Start 1/2 + 1e-5; round 1 moves fully to agreement, later gaps are 0.
    expect(r.lossHistory[0]).toBeGreaterThan(0);
    expect(r.lossHistory[99]).toBe(0);
    // lr 0.5 from round 2: the first round's jump is partial.
    const halved = zeroBasedSkill(m, { nIter: 1, lrStepsToReduce: 1 });
    expect(halved.workers.skills[1]).toBeCloseTo((0.5 + 1e-5) + 0.5 * (1 - (0.5 + 1e-5)), 12);
    expect(r.options).toMatchObject({ nIter: 100, lrInit: 1, lrStepsToReduce: 20, lrReduceFactor: 0.5, eps: 1e-5 });
  });

  it('ranks a good worker above a spammer on a synthetic crowd', () => {
    const { matrix } = syntheticCrowd(300, 3, [0.9, 0.85, 0.8, 0.7, 1 / 3], 3);
    const r = zeroBasedSkill(matrix);
    const skills = r.workers.skills;
    expect(skills[0]!).toBeGreaterThan(skills[4]!);
    expect(skills[4]!).toBeLessThan(0.5);
  });

  it('is deterministic and rejects bad options', () => {
    expect(Array.from(zeroBasedSkill(m, { ties: 'random', seed: 3 }).labels)).toEqual(
      Array.from(zeroBasedSkill(m, { ties: 'random', seed: 3 }).labels),
    );
    expect(codeOf(() => zeroBasedSkill(m, { nIter: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => zeroBasedSkill(m, { lrReduceFactor: 2 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => zeroBasedSkill(m, { lrInit: Number.NaN }))).toBe('INVALID_OPTION');
    expect(codeOf(() => zeroBasedSkill(buildMatrix([])))).toBe('EMPTY_MATRIX');
  });
});

describe('zeroBasedSkill on the shared datasets', () => {
  accuracyCases('zero-based-skill', 'zbs', (matrix) => zeroBasedSkill(matrix), datasetCases());
});
