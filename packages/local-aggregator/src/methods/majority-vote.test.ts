import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { majorityVote } from './majority-vote.js';

const m = buildMatrix([
  { task: 't1', worker: 'A', label: 'x' },
  { task: 't1', worker: 'B', label: 'y' },
  { task: 't1', worker: 'C', label: 'y' },
  { task: 't2', worker: 'A', label: 'y' },
  { task: 't2', worker: 'B', label: 'x' },
]);

describe('majorityVote', () => {
  it('counts votes, returns vote shares and agreement skills', () => {
    const r = majorityVote(m);
    expect(Array.from(r.labels)).toEqual([1, 0]);
    expect(Array.from(r.posteriors)).toEqual([1 / 3, 2 / 3, 0.5, 0.5]);
    expect(Array.from(r.confidence)).toEqual([2 / 3, 0.5]);
    // t2 ties → 'x' (first label). A disagrees on both tasks, B agrees on both, C on its one.
    expect(Array.from(r.workers.skill)).toEqual([0, 1, 1]);
  });

  it('breaks ties randomly but reproducibly with a seed', () => {
    const picks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const a = majorityVote(m, { ties: 'random', seed });
      expect(majorityVote(m, { ties: 'random', seed }).labels[1]).toBe(a.labels[1]);
      picks.add(a.labels[1]!);
    }
    expect(picks).toEqual(new Set([0, 1]));
  });

  it('weights votes by skills with the three missing-skill policies', () => {
    const weighted = majorityVote(m, { skills: { A: 5, B: 1, C: 1 } });
    expect(Array.from(weighted.labels)).toEqual([0, 1]);
    expect(weighted.posteriors[0]).toBeCloseTo(5 / 7, 12);
    expect(() => majorityVote(m, { skills: { A: 5 } })).toThrow(expect.objectContaining({ code: 'MISSING_SKILL' }));
    const ignored = majorityVote(m, { skills: new Map([['B', 1]]), onMissingSkill: 'ignore' });
    expect(Array.from(ignored.labels)).toEqual([1, 0]);
    // B and C weigh 3: t1 x 5 vs y 6, t2 y 5 vs x 3.
    const valued = majorityVote(m, { skills: { A: 5 }, onMissingSkill: 'value', defaultSkill: 3 });
    expect(Array.from(valued.labels)).toEqual([1, 1]);
    expect(() => majorityVote(m, { skills: { C: 1 }, onMissingSkill: 'ignore' })).toThrow(
      expect.objectContaining({ code: 'MISSING_SKILL' }),
    );
    expect(() => majorityVote(m, { skills: { A: Number.POSITIVE_INFINITY, B: 1, C: 1 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
  });

  it('keeps posteriors finite with negative weights', () => {
    const r = majorityVote(m, { skills: { A: -1, B: -2, C: -3 } });
    expect(r.posteriors.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(Array.from(r.labels)).toEqual([0, 1]);
    expect(r.confidence[0]).toBe(1);
    // No positive mass: one-hot on the chosen label (the tallies are overwritten, not left behind).
    expect(Array.from(r.posteriors)).toEqual([1, 0, 0, 1]);
    // Negative weights count as 0 in the shares: t1 has x 2, y 1 − 1; t2 has y 2, x −1.
    const mixed = majorityVote(m, { skills: { A: 2, B: -1, C: 1 } });
    expect(Array.from(mixed.posteriors)).toEqual([1, 0, 0, 1]);
    const partly = majorityVote(m, { skills: { A: 2, B: -1, C: 3 } });
    expect(Array.from(partly.posteriors)).toEqual([0.5, 0.5, 0, 1]);
  });
});
