import { describe, expect, it } from 'vitest';
import { compareLabels, jointLabelKey, parseJointLabelKey } from './labels.js';
import { buildMatrix, labelOf, MatrixBuilder, matrixFromFields, resultRows } from './matrix.js';
import { majorityVote } from './methods/majority-vote.js';
import { codeOf } from './test-support/codes.js';

const ROWS = [
  { task: 't1', worker: 'w1', label: 'b' },
  { task: 't2', worker: 'w1', label: 'a' },
  { task: 't1', worker: 'w2', label: 'a' },
  { task: 't3', worker: 'w3', label: 'c' },
  { task: 't1', worker: 'w3', label: 'b' },
  { task: 't2', worker: 'w2', label: 'a' },
];

describe('buildMatrix', () => {
  it('groups answers per task (CSR) keeping input order inside a task', () => {
    const m = buildMatrix(ROWS);
    expect(m.taskIds).toEqual(['t1', 't2', 't3']);
    expect(m.workerIds).toEqual(['w1', 'w2', 'w3']);
    expect(m.labelValues).toEqual(['a', 'b', 'c']);
    expect(Array.from(m.taskOffsets)).toEqual([0, 3, 5, 6]);
    expect(Array.from(m.answerTask)).toEqual([0, 0, 0, 1, 1, 2]);
    expect(Array.from(m.answerWorker)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(Array.from(m.answerLabel)).toEqual([1, 0, 1, 0, 0, 2]);
    expect(Array.from(m.workerOffsets)).toEqual([0, 2, 4, 6]);
    expect(Array.from(m.workerAnswers)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(m.nAnswers).toBe(6);
    expect(m.golden).toBeUndefined();
  });

  it('orders labels naturally by default and by first appearance on request', () => {
    const rows = ['10', '2', 'x', '1', 'B', 'a'].map((label, i) => ({ task: `t${i}`, worker: 'w', label }));
    expect(buildMatrix(rows).labelValues).toEqual(['1', '2', '10', 'B', 'a', 'x']);
    expect(buildMatrix(rows, { labelOrder: 'first-seen' }).labelValues).toEqual(['10', '2', 'x', '1', 'B', 'a']);
    expect(compareLabels('2', '10')).toBeLessThan(0);
    expect(compareLabels('-1', '0.5')).toBeLessThan(0);
  });

  it('keeps a given option list in its order and applies the unknown-label policy', () => {
    const m = buildMatrix(ROWS, { labels: ['c', 'b', 'a', 'z'] });
    expect(m.labelValues).toEqual(['c', 'b', 'a', 'z']);
    expect(m.nLabels).toBe(4);
    expect(codeOf(() => buildMatrix(ROWS, { labels: ['a', 'b'] }))).toBe('UNKNOWN_LABEL');
    expect(buildMatrix(ROWS, { labels: ['a', 'b'], unknownLabels: 'skip' }).nAnswers).toBe(5);
    expect(buildMatrix(ROWS, { labels: ['b', 'a'], unknownLabels: 'extend' }).labelValues).toEqual(['b', 'a', 'c']);
  });

  it('counts duplicate (task, worker) answers as extra votes', () => {
    const m = buildMatrix([
      { task: 't', worker: 'w1', label: 'x' },
      { task: 't', worker: 'w1', label: 'x' },
      { task: 't', worker: 'w2', label: 'y' },
    ]);
    expect(m.nAnswers).toBe(3);
    expect(labelOf(m, majorityVote(m), 0)).toBe('x');
  });

  it('fills golden labels (Map or object), -1 where unknown; tasks outside the matrix are ignored', () => {
    const m = buildMatrix(ROWS, { golden: new Map([['t2', 'a'], ['nope', 'b']]) });
    expect(Array.from(m.golden!)).toEqual([-1, 0, -1]);
    const o = buildMatrix(ROWS, { golden: { t3: 'c' } });
    expect(Array.from(o.golden!)).toEqual([-1, -1, 2]);
    expect(codeOf(() => buildMatrix(ROWS, { labels: ['a', 'b', 'c'], golden: { t1: 'q' } }))).toBe('UNKNOWN_LABEL');
  });

  it('pads the label list to nLabelsAtLeast', () => {
    const m = buildMatrix(ROWS, { nLabelsAtLeast: 5 });
    expect(m.nLabels).toBe(5);
    expect(m.labelValues.slice(3)).toEqual(['#unlisted-3', '#unlisted-4']);
  });

  it('rejects malformed rows and options with codes', () => {
    expect(codeOf(() => buildMatrix([{ task: '', worker: 'w', label: 'a' }]))).toBe('INVALID_INPUT');
    expect(codeOf(() => buildMatrix([{ task: 't', worker: 3 as never, label: 'a' }]))).toBe('INVALID_INPUT');
    expect(codeOf(() => buildMatrix([{ task: 't', worker: 'w', label: 1 as never }]))).toBe('INVALID_INPUT');
    expect(codeOf(() => buildMatrix(ROWS, { labels: ['a', 'a'] }))).toBe('INVALID_OPTION');
    expect(codeOf(() => buildMatrix(ROWS, { labelOrder: 'random' as never }))).toBe('INVALID_OPTION');
    expect(codeOf(() => majorityVote(buildMatrix([])))).toBe('EMPTY_MATRIX');
  });

  it('streams through MatrixBuilder past its initial capacity', () => {
    const builder = new MatrixBuilder();
    for (let i = 0; i < 5000; i++) builder.add(`t${i % 700}`, `w${i % 13}`, String(i % 3));
    expect(builder.size).toBe(5000);
    const m = builder.build();
    expect(m.nTasks).toBe(700);
    expect(m.nWorkers).toBe(13);
    for (let t = 0; t < m.nTasks; t++) {
      for (let a = m.taskOffsets[t]!; a < m.taskOffsets[t + 1]!; a++) expect(m.answerTask[a]).toBe(t);
    }
    for (let w = 0; w < m.nWorkers; w++) {
      for (let i = m.workerOffsets[w]!; i < m.workerOffsets[w + 1]!; i++) expect(m.answerWorker[m.workerAnswers[i]!]).toBe(w);
    }
    expect(codeOf(() => builder.add('t', 'w', '0'))).toBe('INVALID_INPUT');
  });
});

describe('joint labels over several fields', () => {
  it('round-trips canonical keys', () => {
    expect(jointLabelKey(['OK', 3, true, null, -0])).toBe('["OK",3,true,null,0]');
    expect(parseJointLabelKey('["OK",3]')).toEqual(['OK', 3]);
    expect(codeOf(() => parseJointLabelKey('{"a":1}'))).toBe('INVALID_INPUT');
    expect(codeOf(() => jointLabelKey([{}]))).toBe('INVALID_INPUT');
  });

  it('uses the product of option lists (first field slowest) as the label list', () => {
    const m = matrixFromFields(
      [
        { task: 't', worker: 'w1', values: { verdict: 'OK', broken: false } },
        { task: 't', worker: 'w2', values: { verdict: 'BAD', broken: true } },
      ],
      [
        { name: 'verdict', options: ['OK', 'BAD'] },
        { name: 'broken', options: [false, true] },
      ],
    );
    expect(m.labelValues).toEqual(['["OK",false]', '["OK",true]', '["BAD",false]', '["BAD",true]']);
    expect(Array.from(m.answerLabel)).toEqual([0, 3]);
  });

  it('orders the keys seen when a field has no option list, and names a missing field', () => {
    const m = matrixFromFields([{ task: 't', worker: 'w', values: { a: 'x', b: 2 } }], [{ name: 'a' }, { name: 'b' }]);
    expect(m.labelValues).toEqual(['["x",2]']);
    expect(codeOf(() => matrixFromFields([{ task: 't', worker: 'w', values: { a: 'x' } }], [{ name: 'a' }, { name: 'b' }]))).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('result helpers', () => {
  it('renders one row per task with external ids', () => {
    const m = buildMatrix(ROWS);
    const rows = resultRows(m, majorityVote(m));
    expect(rows.map((r) => [r.task, r.label])).toEqual([
      ['t1', 'b'],
      ['t2', 'a'],
      ['t3', 'c'],
    ]);
    expect(rows[0]!.confidence).toBeCloseTo(2 / 3, 12);
  });
});
