/**
 * Awkward but valid inputs for every method of the family: label options
 * nobody chose, one-answer tasks and workers, a worker answering a task
 * twice, unanimous data. Results must stay finite and well-formed.
 */
import { describe, expect, it } from 'vitest';
import { buildMatrix, type AnswerRow } from '../matrix.js';
import { getMethod } from '../registry.js';
import { SMALL_CROWD } from '../test-support/family-datasets.js';
import type { AggregationResult, ResponseMatrix } from '../types.js';
import { ebcc } from './ebcc.js';
import { glad } from './glad.js';
import { hierarchicalDawidSkene } from './hierarchical-dawid-skene.js';
import { kos } from './kos.js';
import { mace } from './mace.js';
import { mmsr } from './mmsr.js';
import { oneCoinDawidSkene } from './one-coin-dawid-skene.js';
import { wawa } from './wawa.js';
import { zeroBasedSkill } from './zero-based-skill.js';

const METHODS: readonly [string, (m: ResponseMatrix) => AggregationResult][] = [
  ['wawa', (m) => wawa(m)],
  ['zero-based-skill', (m) => zeroBasedSkill(m)],
  ['one-coin-dawid-skene', (m) => oneCoinDawidSkene(m)],
  ['glad', (m) => glad(m)],
  ['mace', (m) => mace(m)],
  ['mmsr', (m) => mmsr(m)],
  ['hierarchical-dawid-skene', (m) => hierarchicalDawidSkene(m)],
  ['ebcc', (m) => ebcc(m)],
];

function expectWellFormed(m: ResponseMatrix, r: AggregationResult): void {
  expect(r.labels).toHaveLength(m.nTasks);
  expect(r.posteriors).toHaveLength(m.nTasks * m.nLabels);
  for (let t = 0; t < m.nTasks; t++) {
    let sum = 0;
    for (let c = 0; c < m.nLabels; c++) {
      const p = r.posteriors[t * m.nLabels + c]!;
      expect(Number.isFinite(p) && p >= 0).toBe(true);
      sum += p;
    }
    expect(sum).toBeCloseTo(1, 9);
    expect(r.labels[t]).toBeGreaterThanOrEqual(0);
    expect(r.confidence[t]).toBe(r.posteriors[t * m.nLabels + r.labels[t]!]);
  }
  expect(r.lossHistory.every(Number.isFinite)).toBe(true);
}

const AWKWARD: AnswerRow[] = [
  { task: 't1', worker: 'a', label: 'x' },
  { task: 't1', worker: 'b', label: 'x' },
  { task: 't1', worker: 'c', label: 'y' },
  { task: 't2', worker: 'a', label: 'y' },
  { task: 't2', worker: 'a', label: 'y' },
  { task: 't2', worker: 'b', label: 'y' },
  { task: 't3', worker: 'd', label: 'x' },
  { task: 't4', worker: 'b', label: 'y' },
  { task: 't4', worker: 'c', label: 'x' },
];

describe.each(METHODS)('%s on awkward input', (_name, run) => {
  it('handles unused options, one-answer tasks and workers, repeated answers', () => {
    const m = buildMatrix(AWKWARD, { labels: ['x', 'y', 'z'] });
    const r = run(m);
    expectWellFormed(m, r);
    expect(r.labels[2]).toBe(0);
  });

  it('follows a unanimous crowd', () => {
    const rows: AnswerRow[] = [];
    for (let t = 0; t < 12; t++) for (const w of ['a', 'b', 'c']) rows.push({ task: `t${t}`, worker: w, label: t % 2 === 0 ? 'x' : 'y' });
    const m = buildMatrix(rows);
    const r = run(m);
    expectWellFormed(m, r);
    expect(Array.from(r.labels)).toEqual(Array.from({ length: 12 }, (_, t) => t % 2));
  });
});

describe('kos on awkward binary input', () => {
  it('stays finite with one-answer tasks and repeated answers', () => {
    const m = buildMatrix(AWKWARD);
    expectWellFormed(m, kos(m));
  });
});

describe('registry entries of the family', () => {
  it.each(['wawa', 'zero-based-skill', 'one-coin-dawid-skene', 'glad', 'mace', 'kos', 'mmsr', 'hierarchical-dawid-skene', 'ebcc'])(
    '%s: runs by name and its listed defaults are the options it fills in',
    (name) => {
      const entry = getMethod(name);
      const result = entry.run(SMALL_CROWD);
      expect(result.method).toBe(name);
      expect(result.options).toMatchObject(entry.defaults);
      expect(Object.keys(entry.defaults).sort()).toEqual(
        Object.keys(result.options as object).filter((key) => key !== 'labelPriors').sort(),
      );
    },
  );
});

describe.each([
  ['one-coin-dawid-skene', oneCoinDawidSkene],
  ['glad', glad],
  ['mace', mace],
  ['hierarchical-dawid-skene', hierarchicalDawidSkene],
  ['ebcc', ebcc],
] as const)('%s with golden labels', (_name, method) => {
  // t1: the crowd says x 2:1 but the golden label is y.
  const m = buildMatrix(
    [
      { task: 't1', worker: 'a', label: 'x' },
      { task: 't1', worker: 'b', label: 'x' },
      { task: 't1', worker: 'c', label: 'y' },
      { task: 't2', worker: 'a', label: 'y' },
      { task: 't2', worker: 'b', label: 'y' },
      { task: 't2', worker: 'c', label: 'y' },
    ],
    { golden: { t1: 'y' } },
  );

  it("keeps golden tasks one-hot with golden: 'clamp' and ignores them by default", () => {
    expect(method(m).labels[0]).toBe(0);
    const clamped = method(m, { golden: 'clamp' });
    expect(clamped.labels[0]).toBe(1);
    expect(Array.from(clamped.posteriors.subarray(0, 2))).toEqual([0, 1]);
    expect(clamped.options.golden).toBe('clamp');
    expectWellFormed(m, clamped);
  });

  it('rejects an unknown golden policy and tolerates a matrix without golden labels', () => {
    expect(() => method(m, { golden: 'use' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    const plain = buildMatrix(AWKWARD);
    expectWellFormed(plain, method(plain, { golden: 'clamp' }));
  });
});
