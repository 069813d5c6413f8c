import { describe, expect, it } from 'vitest';
import { buildMatrix } from '../matrix.js';
import { codeOf } from '../test-support/codes.js';
import { weightedDynamicOverlap } from './weighted-dynamic-overlap.js';

const OPTIONS = ['OK', 'BAD', '404'];
const SKILLS = { A: 70, B: 90, C: 80 };

function run(answers: [string, string][], extra: Partial<Parameters<typeof weightedDynamicOverlap>[1]> = {}) {
  const matrix = buildMatrix(
    answers.map(([worker, label]) => ({ task: 't', worker, label })),
    { labels: OPTIONS },
  );
  const result = weightedDynamicOverlap(matrix, { skills: SKILLS, ...extra });
  return { matrix, result, label: matrix.labelValues[result.labels[0]!], confidence: result.confidence[0]! };
}

describe('weightedDynamicOverlap: Toloka worked examples (Y = 3)', () => {
  it('A=70→OK, B=90→OK gives OK 0.9767', () => {
    const { label, confidence } = run([
      ['A', 'OK'],
      ['B', 'OK'],
    ]);
    expect(label).toBe('OK');
    expect(confidence).toBeCloseTo(0.9767, 4);
  });

  it('A=70→OK, B=90→BAD gives BAD 0.7606', () => {
    const { label, confidence } = run([
      ['A', 'OK'],
      ['B', 'BAD'],
    ]);
    expect(label).toBe('BAD');
    expect(confidence).toBeCloseTo(0.7606, 4);
  });

  it('adding C=80→BAD gives BAD 0.9621', () => {
    const { label, confidence, result } = run([
      ['A', 'OK'],
      ['B', 'BAD'],
      ['C', 'BAD'],
    ]);
    expect(label).toBe('BAD');
    expect(confidence).toBeCloseTo(0.9621, 4);
    const row = Array.from(result.posteriors);
    expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // The option nobody chose still has posterior mass: (0.15 · 0.05 · 0.1) / Z.
    expect(row[2]).toBeGreaterThan(0);
  });

  it('matches the closed form for the posterior of every option', () => {
    const { result } = run([
      ['A', 'OK'],
      ['B', 'BAD'],
    ]);
    const like = [0.7 * 0.05, 0.15 * 0.9, 0.15 * 0.05];
    const z = like.reduce((s, v) => s + v, 0);
    like.forEach((l, k) => expect(result.posteriors[k]).toBeCloseTo(l / z, 12));
  });
});

describe('weightedDynamicOverlap: decisions', () => {
  it('stays finite with skills 0 and 100 (q clamped to [1e-4, 1 − 1e-4])', () => {
    const matrix = buildMatrix(
      [
        { task: 't', worker: 'P', label: 'OK' },
        { task: 't', worker: 'Q', label: 'BAD' },
        { task: 'u', worker: 'Z', label: 'OK' },
      ],
      { labels: OPTIONS },
    );
    const result = weightedDynamicOverlap(matrix, { skills: { P: 100, Q: 100, Z: 0 } });
    for (const v of result.posteriors) expect(Number.isFinite(v)).toBe(true);
    // Two perfect workers disagree: a tie broken to the first option, confidence 0.5.
    expect(result.labels[0]).toBe(0);
    expect(result.confidence[0]).toBeCloseTo(0.5, 4);
    // A skill-0 worker adds q = 0: all sums tie at 0, so the posterior decides; it puts almost no mass on
    // the answer given (q clamped to 1e-4) and splits the rest between the two others → the first of them.
    expect(result.labels[1]).toBe(1);
    expect(result.posteriors[3]).toBeLessThan(1e-3);
    expect(result.confidence[1]).toBeCloseTo(0.5, 3);
  });

  it('breaks equal sums of q by the higher posterior, then by label order', () => {
    const matrix = buildMatrix(
      [
        { task: 't', worker: 'A', label: 'BAD' },
        { task: 't', worker: 'B', label: 'BAD' },
        { task: 't', worker: 'C', label: 'OK' },
      ],
      { labels: OPTIONS },
    );
    // BAD: 0.5 + 0.5 = 1.0, OK: 1.0 (clamped for the posterior): OK has the higher posterior.
    const result = weightedDynamicOverlap(matrix, { skills: { A: 50, B: 50, C: 100 } });
    expect(matrix.labelValues[result.labels[0]!]).toBe('OK');
  });

  it("missing skills: 'error' throws MISSING_SKILL, 'skip' drops, 'default' fills", () => {
    const answers = [
      { task: 't', worker: 'A', label: 'OK' },
      { task: 't', worker: 'X', label: 'BAD' },
    ];
    const matrix = buildMatrix(answers, { labels: OPTIONS });
    expect(() => weightedDynamicOverlap(matrix, { skills: SKILLS })).toThrow(
      expect.objectContaining({ code: 'MISSING_SKILL' }),
    );
    const skipped = weightedDynamicOverlap(matrix, { skills: SKILLS, missingSkill: 'skip' });
    expect(skipped.confidence[0]).toBeCloseTo(0.7, 12);
    expect(Array.from(skipped.workers.skipped)).toEqual([0, 1]);
    const filled = weightedDynamicOverlap(matrix, { skills: SKILLS, missingSkill: 'default', defaultSkill: 90 });
    expect(matrix.labelValues[filled.labels[0]!]).toBe('BAD');
  });

  it('ignores skill-table entries of workers the matrix does not have', () => {
    const matrix = buildMatrix([{ task: 't', worker: 'A', label: 'OK' }], { labels: OPTIONS });
    const result = weightedDynamicOverlap(matrix, { skills: { ...SKILLS, elsewhere: 10 } });
    expect(result.confidence[0]).toBeCloseTo(0.7, 12);
    expect(result.workers.q).toHaveLength(1);
  });

  it('a task whose answers are all skipped gets the uniform posterior', () => {
    const matrix = buildMatrix([{ task: 't', worker: 'X', label: 'BAD' }], { labels: OPTIONS });
    const result = weightedDynamicOverlap(matrix, { skills: SKILLS, missingSkill: 'skip' });
    expect(result.confidence[0]).toBeCloseTo(1 / 3, 12);
    expect(result.labels[0]).toBe(0);
  });

  it('with Y = 1 the only option has confidence 1', () => {
    const matrix = buildMatrix([{ task: 't', worker: 'A', label: 'OK' }], { labels: ['OK'] });
    const result = weightedDynamicOverlap(matrix, { skills: SKILLS });
    expect(result.confidence[0]).toBe(1);
  });

  it('counts baseline solutions as answers with q = confidence_weight', () => {
    const { result, matrix } = run([['A', 'OK']], { baseline: [{ task: 't', label: 'BAD', weight: 0.9 }] });
    expect(matrix.labelValues[result.labels[0]!]).toBe('BAD');
    expect(result.confidence[0]).toBeCloseTo(0.7606, 4);
    expect(result.options.baselineAnswers).toBe(1);
    expect(() => run([['A', 'OK']], { baseline: [{ task: 't', label: 'MAYBE' }] })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_LABEL' }),
    );
  });

  it('rejects skills outside 0..100, a bad epsilon and a missing skills table', () => {
    const matrix = buildMatrix([{ task: 't', worker: 'A', label: 'OK' }], { labels: OPTIONS });
    expect(codeOf(() => weightedDynamicOverlap(matrix, { skills: { A: 101 } }))).toBe('INVALID_OPTION');
    expect(codeOf(() => weightedDynamicOverlap(matrix, { skills: { A: Number.NaN } }))).toBe('INVALID_OPTION');
    expect(codeOf(() => weightedDynamicOverlap(matrix, { skills: SKILLS, epsilon: 0 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => weightedDynamicOverlap(matrix, undefined as never))).toBe('INVALID_OPTION');
  });
});
