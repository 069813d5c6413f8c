import { describe, expect, it } from 'vitest';
import { buildMatrix } from './matrix.js';
import { majorityVote } from './methods/majority-vote.js';
import { accuracy, crowdkitUncertainty, krippendorffAlpha, uncertainty } from './metrics.js';
import { codeOf } from './test-support/codes.js';

const rows = (list: [string, string, string][]) => list.map(([task, worker, label]) => ({ task, worker, label }));

describe("krippendorffAlpha (nominal)", () => {
  it('matches hand-computed values', () => {
    // X: Yes Yes, Y: No No, Z: Yes No → D_o = 2/6, D_e = (36 − 9 − 9)/30 → alpha = 1 − (1/3)/0.6 = 4/9.
    const m = buildMatrix(rows([['X', 'A', 'Yes'], ['X', 'B', 'Yes'], ['Y', 'A', 'No'], ['Y', 'B', 'No'], ['Z', 'A', 'Yes'], ['Z', 'B', 'No']]));
    expect(krippendorffAlpha(m)).toBeCloseTo(4 / 9, 12);
    // (a,a),(a,b),(b,b),(b,b): D_o = 2/8, D_e = (64 − 9 − 25)/56 → 1 − 112/240.
    const n = buildMatrix(rows([['1', 'A', 'a'], ['1', 'B', 'a'], ['2', 'A', 'a'], ['2', 'B', 'b'], ['3', 'A', 'b'], ['3', 'B', 'b'], ['4', 'A', 'b'], ['4', 'B', 'b']]));
    expect(krippendorffAlpha(n)).toBeCloseTo(1 - 112 / 240, 12);
  });

  it('ignores single-answer tasks, is 1 for perfect agreement, throws without pairable tasks', () => {
    const m = buildMatrix(rows([['X', 'A', 'Yes'], ['X', 'B', 'Yes'], ['Y', 'A', 'No'], ['Y', 'B', 'No'], ['W', 'A', 'No']]));
    expect(krippendorffAlpha(m)).toBe(1);
    expect(codeOf(() => krippendorffAlpha(buildMatrix(rows([['X', 'A', 'Yes']]))))).toBe('INVALID_INPUT');
  });
});

describe('accuracy', () => {
  const m = buildMatrix(rows([['t1', 'A', 'x'], ['t2', 'A', 'x'], ['t3', 'A', 'y'], ['t4', 'A', 'y']]), {
    golden: { t1: 'x', t2: 'y', t3: 'y' },
  });
  const result = majorityVote(m);

  it('reports accuracy and per-class precision/recall against matrix.golden', () => {
    const report = accuracy(m, result);
    expect(report).toMatchObject({ accuracy: 2 / 3, correct: 2, total: 3 });
    expect(report.perClass).toEqual([
      { label: 'x', precision: 0.5, recall: 1, support: 1 },
      { label: 'y', precision: 1, recall: 0.5, support: 2 },
    ]);
  });

  it('accepts a separate golden map; unknown golden labels count as misses', () => {
    expect(accuracy(m, result, new Map([['t4', 'y'], ['t1', 'z']])).accuracy).toBe(0.5);
    expect(codeOf(() => accuracy(m, result, {}))).toBe('INVALID_INPUT');
    expect(codeOf(() => accuracy(buildMatrix(rows([['t', 'A', 'x']])), majorityVote(buildMatrix(rows([['t', 'A', 'x']])))))).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('uncertainty', () => {
  it('is the normalised entropy of the posteriors', () => {
    const m = buildMatrix(rows([['X', 'A', 'Yes'], ['X', 'B', 'No'], ['Y', 'A', 'Yes'], ['Y', 'B', 'Yes']]));
    expect(Array.from(uncertainty(majorityVote(m)))).toEqual([1, 0]);
  });

  it("reproduces Crowd-Kit's documented examples", () => {
    const three = buildMatrix(rows([['X', 'A', 'Yes'], ['X', 'B', 'No'], ['X', 'C', 'Maybe']]));
    expect(crowdkitUncertainty(three)[0]).toBeCloseTo(1.0986122886681096, 12);
    const two = buildMatrix(rows([['X', 'A', 'Yes'], ['X', 'B', 'No'], ['Y', 'A', 'Yes'], ['Y', 'B', 'Yes']]));
    const u = crowdkitUncertainty(two, { A: 1, B: 1 });
    expect(u[0]).toBeCloseTo(0.693147, 6);
    expect(u[1]).toBe(0);
    // Skill 0.5 with two labels: each answer spreads evenly → maximal entropy.
    expect(crowdkitUncertainty(two, new Map([['A', 0.5], ['B', 0.5]]))[1]).toBeCloseTo(Math.log(2), 12);
    expect(codeOf(() => crowdkitUncertainty(two, { A: 2 }))).toBe('INVALID_OPTION');
  });
});
