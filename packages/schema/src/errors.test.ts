import { describe, expect, it } from 'vitest';
import { ApiErrorBodySchema, ERROR_CODES, FIELD_ERROR_CODES, isFieldErrorCode, validate } from './index.js';

describe('error codes', () => {
  it('map every name to itself', () => {
    for (const table of [ERROR_CODES, FIELD_ERROR_CODES]) {
      for (const [name, code] of Object.entries(table)) expect(code).toBe(name);
    }
  });

  it('list the codes toloka-kit maps to its exception classes and the aggregation codes', () => {
    const codes: string[] = Object.values(ERROR_CODES);
    for (const code of [
      'VALIDATION_ERROR', 'AUTHENTICATION_ERROR', 'ACCESS_DENIED', 'DOES_NOT_EXIST', 'CONFLICT_STATE',
      'TOO_MANY_REQUESTS', 'INTERNAL_ERROR', 'REMOTE_SERVICE_UNAVAILABLE', 'ONLY_FOR_POOL_WITH_MIXER',
      'EMPTY_POOL', 'OPERATION_ALREADY_EXISTS', 'RESULTS_EXPIRED', 'UNSUPPORTED_ALGORITHM',
    ]) {
      expect(codes).toContain(code);
    }
  });

  it('recognise field codes only', () => {
    expect(isFieldErrorCode('UNKNOWN_PARAMETER')).toBe(true);
    expect(isFieldErrorCode('DOES_NOT_EXIST')).toBe(false);
    expect(isFieldErrorCode('toString')).toBe(false);
  });
});

describe('ApiErrorBodySchema', () => {
  it('keeps unknown keys and unknown codes', () => {
    const body = { request_id: 'r1', code: 'SOMETHING_NEW', message: 'm', retry_hint: 3 };
    expect(validate(ApiErrorBodySchema, body)).toEqual({ success: true, output: body });
  });

  it('keeps a 429 quota payload as sent', () => {
    const body = { request_id: 'r2', code: 'TOO_MANY_REQUESTS', message: 'Too many requests', payload: { interval: 'MIN' } };
    const result = validate(ApiErrorBodySchema, body);
    expect(result.success && result.output.payload).toEqual({ interval: 'MIN' });
  });
});
