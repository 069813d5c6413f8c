import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  AggregateByTaskRequestSchema,
  FIELD_ERROR_CODES,
  SchemaValidationError,
  parseOrThrow,
  toFieldIssues,
  toValidationPayload,
  validate,
} from './index.js';

const body = {
  type: 'WEIGHTED_DYNAMIC_OVERLAP',
  pool_id: 1491600,
  task_id: 't1',
  answer_weight_skill_id: 12648,
  fields: [{ name: 'result' }],
};

describe('validate', () => {
  it('returns the parsed output with ids as strings', () => {
    expect(validate(AggregateByTaskRequestSchema, body)).toEqual({
      success: true,
      output: { ...body, pool_id: '1491600', answer_weight_skill_id: '12648' },
    });
  });

  it('reports every problem with a dotted path', () => {
    const result = validate(AggregateByTaskRequestSchema, { ...body, fields: [{ name: 'a' }, { nam: 'b' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      { path: 'fields.1.name', code: 'VALUE_REQUIRED', message: 'Value must be present and not null' },
      { path: 'fields.1.nam', code: 'UNKNOWN_PARAMETER', message: 'Unknown parameter "nam"' },
    ]);
  });

  it('keeps one issue per path, the first', () => {
    const schema = v.pipe(v.string(), v.minLength(3), v.regex(/^x/));
    expect(toFieldIssues(v.safeParse(schema, 'ab', { abortPipeEarly: false }).issues ?? [])).toHaveLength(1);
    const result = validate(schema, 'ab');
    expect(result.success ? [] : result.issues.map((issue) => issue.code)).toEqual(['STRING_LENGTH_LESS_THAN_MIN']);
  });
});

describe('toValidationPayload', () => {
  it('keys Toloka payload entries by path, the root as ""', () => {
    expect(
      toValidationPayload([
        { path: 'fields.0.name', code: FIELD_ERROR_CODES.VALUE_REQUIRED, message: 'missing' },
        { path: '', code: FIELD_ERROR_CODES.OBJECT_EXPECTED, message: 'not an object' },
        { path: 'fields.0.name', code: FIELD_ERROR_CODES.STRING_EXPECTED, message: 'second' },
      ]),
    ).toEqual({
      'fields.0.name': { code: 'VALUE_REQUIRED', message: 'missing' },
      '': { code: 'OBJECT_EXPECTED', message: 'not an object' },
    });
  });
});

describe('parseOrThrow', () => {
  it('returns the output on success', () => {
    expect(parseOrThrow(AggregateByTaskRequestSchema, body).pool_id).toBe('1491600');
  });

  it('throws SchemaValidationError carrying the issues and naming them in the message', () => {
    let caught: unknown;
    try {
      parseOrThrow(AggregateByTaskRequestSchema, { ...body, type: 'MV', extra: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SchemaValidationError);
    const error = caught as SchemaValidationError;
    expect(error.name).toBe('SchemaValidationError');
    expect(error.issues.map((issue) => issue.path)).toEqual(['type']);
    expect(error.message).toBe('Validation failed: type: UNKNOWN_ENUM_VALUE');
  });

  it('summarises long issue lists', () => {
    const error = new SchemaValidationError(
      ['a', 'b', 'c', 'd', 'e'].map((path) => ({ path, code: FIELD_ERROR_CODES.VALUE_REQUIRED, message: 'm' })),
    );
    expect(error.message).toBe('Validation failed: a: VALUE_REQUIRED; b: VALUE_REQUIRED; c: VALUE_REQUIRED (+2 more)');
  });
});
