import { describe, expect, it } from 'vitest';
import { outputJson } from './output-json.js';

describe('outputJson', () => {
  it('serialises like JSON.stringify, sharing repeated one-field string answers', () => {
    const seen = new Map<string, string>();
    const first = outputJson({ result: 'cat' }, seen);
    expect(first).toBe('{"result":"cat"}');
    expect(outputJson({ result: 'cat' }, seen)).toBe(first);
    expect(seen.size).toBe(1);
  });

  it('keeps names and values apart in its keys', () => {
    const seen = new Map<string, string>();
    expect(outputJson({ 'a\u0000b': 'c' }, seen)).toBe(JSON.stringify({ 'a\u0000b': 'c' }));
    expect(outputJson({ a: '\u0000bc' }, seen)).toBe(JSON.stringify({ a: '\u0000bc' }));
    expect(outputJson({ ab: 'c' }, seen)).toBe('{"ab":"c"}');
    expect(outputJson({ a: 'bc' }, seen)).toBe('{"a":"bc"}');
  });

  it('serialises other shapes each time', () => {
    const seen = new Map<string, string>();
    for (const values of [{}, { n: 1 }, { a: 'x', b: 'y' }, { nested: { a: 'x' } }, { list: ['x'] }]) {
      expect(outputJson(values, seen)).toBe(JSON.stringify(values));
    }
    expect(seen.size).toBe(0);
  });
});
