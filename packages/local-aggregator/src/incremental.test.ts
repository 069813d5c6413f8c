import { describe, expect, it } from 'vitest';
import { adviseOverlap, dawidSkeneParams, predictWithWorkers } from './incremental.js';
import { buildMatrix } from './matrix.js';
import { dawidSkene } from './methods/dawid-skene.js';
import { codeOf } from './test-support/codes.js';
import { loadDataset } from './test-support/datasets.js';

describe('predictWithWorkers', () => {
  it('one E-step with stored Dawid-Skene parameters reproduces the fit on the same answers', () => {
    const dataset = loadDataset('rte');
    const matrix = buildMatrix(dataset.responses);
    const fit = dawidSkene(matrix, { maxIterations: 30, tolerance: -1 });
    const params = dawidSkeneParams(matrix, fit);
    const again = predictWithWorkers(matrix, { type: 'dawid-skene', ...params });
    // The fit's posteriors come from the E-step before its last M-step; labels agree almost everywhere.
    let same = 0;
    for (let t = 0; t < matrix.nTasks; t++) if (again.labels[t] === fit.labels[t]) same++;
    expect(same / matrix.nTasks).toBeGreaterThan(0.99);
    // JSON round trip of the parameters gives the same answer.
    const restored = JSON.parse(JSON.stringify(params)) as typeof params;
    expect(Array.from(predictWithWorkers(matrix, { type: 'dawid-skene', ...restored }).labels)).toEqual(Array.from(again.labels));
  });

  it('aligns labels by value and handles unknown workers per policy', () => {
    const train = buildMatrix([
      { task: 't1', worker: 'good', label: 'a' },
      { task: 't1', worker: 'flip', label: 'b' },
      { task: 't2', worker: 'good', label: 'b' },
      { task: 't2', worker: 'flip', label: 'a' },
    ]);
    const params = dawidSkeneParams(train, dawidSkene(train, { initialErrors: { flip: [0, 1, 1, 0], good: [1, 0, 0, 1] } }));
    // New answers with the labels listed in the other order.
    const fresh = buildMatrix(
      [
        { task: 'n1', worker: 'flip', label: 'a' },
        { task: 'n2', worker: 'stranger', label: 'a' },
        { task: 'n2', worker: 'flip', label: 'a' },
      ],
      { labels: ['b', 'a'] },
    );
    const result = predictWithWorkers(fresh, { type: 'dawid-skene', ...params });
    expect(fresh.labelValues[result.labels[0]!]).toBe('b');
    expect(codeOf(() => predictWithWorkers(fresh, { type: 'dawid-skene', ...params, unknownWorkers: 'error' }))).toBe('UNKNOWN_WORKER');
    const skipped = predictWithWorkers(fresh, { type: 'dawid-skene', ...params, unknownWorkers: 'skip' });
    expect(fresh.labelValues[skipped.labels[1]!]).toBe('b');
    const wrongLabels = buildMatrix([{ task: 'n', worker: 'flip', label: 'c' }], { labels: ['a', 'c'] });
    expect(codeOf(() => predictWithWorkers(wrongLabels, { type: 'dawid-skene', ...params }))).toBe('UNKNOWN_LABEL');
  });

  it('aggregates by skill with stored skills', () => {
    const m = buildMatrix(
      [
        { task: 't', worker: 'A', label: 'OK' },
        { task: 't', worker: 'B', label: 'OK' },
      ],
      { labels: ['OK', 'BAD', '404'] },
    );
    expect(predictWithWorkers(m, { type: 'skills', skills: { A: 70, B: 90 } }).confidence[0]).toBeCloseTo(0.9767, 4);
    expect(codeOf(() => predictWithWorkers(m, { type: 'nope' } as never))).toBe('INVALID_OPTION');
  });
});

describe('adviseOverlap', () => {
  const options = ['OK', 'BAD', '404'];

  it("follows Toloka's worked example step by step", () => {
    const first = adviseOverlap({ answers: [{ label: 'OK', skill: 70 }, { label: 'BAD', skill: 90 }], options, minConfidence: 0.8 });
    expect(first).toMatchObject({ needMore: true, label: 'BAD', reason: 'below-min-confidence' });
    expect(first.confidence).toBeCloseTo(0.7606, 4);
    const second = adviseOverlap({
      answers: [{ label: 'OK', skill: 70 }, { label: 'BAD', skill: 90 }, { label: 'BAD', skill: 80 }],
      options,
      minConfidence: 0.8,
    });
    expect(second).toMatchObject({ needMore: false, label: 'BAD', reason: 'confidence-reached' });
    expect(second.confidence).toBeCloseTo(0.9621, 4);
  });

  it('stops at max overlap, works with a bare option count, and validates input', () => {
    const capped = adviseOverlap({ answers: [{ label: 'OK', skill: 60 }], options: 3, minConfidence: 0.95, maxOverlap: 1 });
    expect(capped).toMatchObject({ needMore: false, label: 'OK', reason: 'max-overlap-reached' });
    expect(adviseOverlap({ answers: [], options, minConfidence: 0.8 })).toMatchObject({ needMore: true, label: null, reason: 'no-answers' });
    expect(codeOf(() => adviseOverlap({ answers: [{ label: 'MAYBE', skill: 50 }], options, minConfidence: 0.8 }))).toBe('UNKNOWN_LABEL');
    expect(codeOf(() => adviseOverlap({ answers: [{ label: 'OK', skill: 150 }], options, minConfidence: 0.8 }))).toBe('INVALID_OPTION');
    expect(codeOf(() => adviseOverlap({ answers: [], options, minConfidence: 2 }))).toBe('INVALID_OPTION');
    expect(
      codeOf(() => adviseOverlap({ answers: [{ label: 'a', skill: 50 }, { label: 'b', skill: 50 }], options: 1, minConfidence: 0.5 })),
    ).toBe('UNKNOWN_LABEL');
  });
});
