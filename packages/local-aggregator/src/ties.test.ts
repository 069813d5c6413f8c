import { describe, expect, it } from 'vitest';
import { assertFinite, logSumExp, normaliseInPlace, safeLog, softmaxInPlace } from './numeric.js';
import { argmaxWithTies, createRng, resolveTiePolicy } from './ties.js';

describe('argmaxWithTies', () => {
  it("'first' returns the first of the tied maxima, within an offset window", () => {
    expect(argmaxWithTies([9, 1, 3, 3, 2], 1, 4, 'first')).toBe(1);
    expect(argmaxWithTies([0.3 + 0.6, 0.9], 0, 2, 'first')).toBe(0);
    expect(argmaxWithTies([0.1, 0.9, 0.9 + 1e-9], 0, 3, 'first')).toBe(2);
    expect(argmaxWithTies([], 0, 0, 'first')).toBe(-1);
  });

  it("'random' is seeded, picks only tied labels, and reaches each of them", () => {
    const row = [1, 5, 0, 5, 5];
    const draws = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 60 }, () => argmaxWithTies(row, 0, 5, 'random', rng));
    };
    expect(draws(7)).toEqual(draws(7));
    expect(new Set(draws(7))).toEqual(new Set([1, 3, 4]));
    expect(draws(7)).not.toEqual(draws(8));
  });

  it('validates the policy name', () => {
    expect(resolveTiePolicy(undefined)).toBe('first');
    expect(() => resolveTiePolicy('last')).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('creates a generator in [0, 1) that is stable per seed', () => {
    const a = createRng(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(createRng(42)()).toBe(values[0]);
  });
});

describe('numeric kernels', () => {
  it('logSumExp is stable for large magnitudes', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.log(2), 12);
    expect(logSumExp([])).toBe(-Infinity);
  });

  it('softmaxInPlace returns the log normaliser and a distribution', () => {
    const row = new Float64Array([0, -800, Math.log(3) - 800]);
    const z = softmaxInPlace(row, 1, 2);
    expect(row[1]).toBeCloseTo(0.25, 12);
    expect(row[2]).toBeCloseTo(0.75, 12);
    expect(z).toBeCloseTo(-800 + Math.log(4), 9);
    const dead = new Float64Array([-Infinity, -Infinity]);
    softmaxInPlace(dead, 0, 2);
    expect(Array.from(dead)).toEqual([0.5, 0.5]);
  });

  it('normaliseInPlace floors, and falls back to uniform', () => {
    const row = new Float64Array([0, 3, 1]);
    normaliseInPlace(row, 0, 3, 1);
    expect(Array.from(row)).toEqual([0.2, 0.6, 0.2]);
    const zero = new Float64Array([0, 0]);
    normaliseInPlace(zero, 0, 2);
    expect(Array.from(zero)).toEqual([0.5, 0.5]);
  });

  it('safeLog floors at 1e-10 and assertFinite throws NON_FINITE', () => {
    expect(safeLog(0)).toBeCloseTo(Math.log(1e-10), 12);
    expect(safeLog(0.5)).toBe(Math.log(0.5));
    expect(() => assertFinite([1, Number.NaN], 'x')).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => assertFinite([1, 2], 'x')).not.toThrow();
  });
});
