import { describe, expect, it } from 'vitest';
import { answerSpace, fieldOptions, MAX_INTEGER_SPAN } from './answer-space.js';
import { ApiError } from './errors.js';

function payloadOf(run: () => unknown): Record<string, { code: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    return (error as ApiError).payload as Record<string, { code: string; message: string }>;
  }
  throw new Error('expected a validation error');
}

describe('fieldOptions', () => {
  it('reads allowed_values, booleans and short integer ranges', () => {
    expect(fieldOptions({ type: 'string', allowed_values: ['a', 'b'] })).toEqual({ values: ['a', 'b'] });
    expect(fieldOptions({ type: 'boolean' })).toEqual({ values: [false, true] });
    expect(fieldOptions({ type: 'integer', min_value: 1, max_value: 3 })).toEqual({ values: [1, 2, 3] });
    expect(fieldOptions({ type: 'integer', min_value: 0, max_value: MAX_INTEGER_SPAN })).toMatchObject({ values: expect.any(Array) });
  });
  it('gives a reason for fields that cannot be aggregated', () => {
    expect(fieldOptions({ type: 'integer', min_value: 0, max_value: MAX_INTEGER_SPAN + 1 })).toMatchObject({ reason: expect.stringContaining('spans more than 32') });
    expect(fieldOptions({ type: 'string' })).toMatchObject({ reason: expect.stringContaining('no allowed_values') });
    expect(fieldOptions({ type: 'json', allowed_values: [1] })).toMatchObject({ reason: expect.stringContaining('json') });
    expect(fieldOptions({ type: 'integer', min_value: 3, max_value: 1 })).toMatchObject({ reason: expect.any(String) });
    expect(fieldOptions({ type: 'string', allowed_values: ['a', { b: 1 }] })).toMatchObject({ reason: expect.stringContaining('allowed_values') });
  });
});

describe('answerSpace', () => {
  const spec = {
    result: { type: 'string', allowed_values: ['OK', 'BAD'] },
    count: { type: 'integer', min_value: 0, max_value: 2 },
    flag: { type: 'boolean' },
    note: { type: 'string' },
  };

  it('orders joint options as nested loops in field order and decodes them typed', () => {
    const space = answerSpace(spec, ['result', 'flag']);
    expect(space.labels).toHaveLength(4);
    expect(space.labels.map((l) => space.decode(l))).toEqual([
      { result: 'OK', flag: false },
      { result: 'OK', flag: true },
      { result: 'BAD', flag: false },
      { result: 'BAD', flag: true },
    ]);
  });

  it('encodes answers, matching numbers by value and skipping missing or unknown values', () => {
    const space = answerSpace(spec, ['count']);
    const two = space.encode({ count: 2 });
    expect(two).toBeDefined();
    expect(space.encode({ count: '2' })).toBe(two);
    expect(space.encode({ count: 2.0 })).toBe(two);
    expect(space.decode(two!)).toEqual({ count: 2 });
    expect(space.encode({ count: 7 })).toBeUndefined();
    expect(space.encode({})).toBeUndefined();
    expect(space.encode(null)).toBeUndefined();
    const text = answerSpace(spec, ['result']);
    expect(text.encode({ result: 'ok' })).toBeUndefined();
    expect(text.encode({ result: 'OK', other: 1 })).toBe(text.labels[0]);
  });

  it('names the field path of a field that is missing or cannot be aggregated', () => {
    expect(payloadOf(() => answerSpace(spec, ['result', 'missing']))['fields.1.name']?.code).toBe('VALUE_NOT_ALLOWED');
    expect(payloadOf(() => answerSpace(spec, ['note']))['fields.0.name']?.message).toContain('no allowed_values');
    expect(payloadOf(() => answerSpace({ toString: { type: 'boolean' } }, ['constructor']))['fields.0.name']?.code).toBe('VALUE_NOT_ALLOWED');
  });

  it('refuses more joint options than it supports', () => {
    const wide = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`f${i}`, { type: 'boolean' }]));
    expect(payloadOf(() => answerSpace(wide, Object.keys(wide))).fields?.message).toContain('8192 joint options');
  });
});
