import { describe, expect, it } from 'vitest';
import { digamma, logGamma } from './numeric.js';

describe('logGamma', () => {
  it.each([
    [1, 0],
    [0.5, 0.5723649429247004],
    [3.7, 1.4280723266653883],
    [10, 12.801827480081467],
    [123.4, 469.3360974421906],
    [1e-3, 6.907178885383854],
    [1e-9, 20.723265836369194],
  ])('ln Γ(%s) = %s', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 12);
  });

  it('is the antiderivative of digamma', () => {
    for (const x of [0.05, 0.7, 2.5, 9.99, 40]) {
      const h = 1e-5 * x;
      expect((logGamma(x + h) - logGamma(x - h)) / (2 * h)).toBeCloseTo(digamma(x), 6);
    }
  });
});
