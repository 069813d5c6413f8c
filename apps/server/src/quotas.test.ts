import { describe, expect, it } from 'vitest';
import type { ApiError } from './errors.js';
import { parseQuotaRules, QuotaTracker } from './quotas.js';

describe('quotas', () => {
  it('parses rules and rejects malformed ones naming the part', () => {
    expect(parseQuotaRules('5/min, 30/hour,200/day', 'q')).toEqual([
      { interval: 'MIN', limit: 5 },
      { interval: 'HOUR', limit: 30 },
      { interval: 'DAY', limit: 200 },
    ]);
    expect(parseQuotaRules('off', 'q')).toEqual([]);
    expect(() => parseQuotaRules('5/week', 'q')).toThrow('"5/week"');
  });

  it('counts per account in fixed windows and reports the interval hit', () => {
    let now = 120_000;
    const tracker = new QuotaTracker({ pool: [{ interval: 'MIN', limit: 2 }, { interval: 'HOUR', limit: 3 }] }, () => now);
    tracker.consume('pool', 'a');
    tracker.consume('pool', 'a');
    tracker.consume('pool', 'b');
    tracker.consume('other', 'a');
    const minute = (() => {
      try {
        tracker.consume('pool', 'a');
      } catch (error) {
        return error as ApiError;
      }
      throw new Error('expected 429');
    })();
    expect(minute.status).toBe(429);
    expect(minute.payload).toMatchObject({ interval: 'MIN', retry_after_seconds: 60 });
    now += 60_000;
    tracker.consume('pool', 'a');
    expect(() => tracker.consume('pool', 'a')).toThrow(/per hour/);
  });
});
