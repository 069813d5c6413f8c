import { describe, expect, it } from 'vitest';
import { formatTolokaTimestamp, parseTolokaTimestamp } from './index.js';

describe('formatTolokaTimestamp', () => {
  it('writes UTC with milliseconds and no zone suffix', () => {
    expect(formatTolokaTimestamp(new Date(Date.UTC(2026, 11, 1, 2, 7, 50, 446)))).toBe('2026-12-01T02:07:50.446');
  });

  it('refuses an invalid date', () => {
    expect(() => formatTolokaTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parseTolokaTimestamp', () => {
  it.each([
    ['2023-04-13T16:39:12.422', Date.UTC(2023, 3, 13, 16, 39, 12, 422)],
    ['2015-12-13T23:32:01', Date.UTC(2015, 11, 13, 23, 32, 1)],
    ['2026-12-31T02:07:50.446078', Date.UTC(2026, 11, 31, 2, 7, 50, 446)],
    ['2026-12-31T02:07:50.4', Date.UTC(2026, 11, 31, 2, 7, 50, 400)],
    ['2026-12-31T02:07:50.45Z', Date.UTC(2026, 11, 31, 2, 7, 50, 450)],
    ['2026-12-31T05:07:50+03:00', Date.UTC(2026, 11, 31, 2, 7, 50)],
    ['2026-12-30T21:37:50-0430', Date.UTC(2026, 11, 31, 2, 7, 50)],
    ['2030-09-01T13:00', Date.UTC(2030, 8, 1, 13, 0)],
    ['2030-01-01T00:00:00.000Z', Date.UTC(2030, 0, 1)],
  ])('reads %s', (text, millis) => {
    expect(parseTolokaTimestamp(text)?.getTime()).toBe(millis);
  });

  it.each([
    '2018-22-10T14:18:35',
    '2023-02-29T00:00:00',
    '2023-04-13T24:00:00',
    '2023-04-13 16:39:12',
    '2023-04-13T16:39.5',
    '2023-04-13T16',
    '2023-04-13T16:39:12.1234567',
    '2023-04-13',
    '',
  ])('rejects %s', (text) => {
    expect(parseTolokaTimestamp(text)).toBeUndefined();
  });

  it('round-trips every millisecond value it formats', () => {
    const start = Date.UTC(2024, 1, 28, 23, 59, 58, 0);
    for (let step = 0; step < 3000; step += 7) {
      const date = new Date(start + step * 997);
      expect(parseTolokaTimestamp(formatTolokaTimestamp(date))?.getTime()).toBe(date.getTime());
    }
  });

  it('formats what it parses back to the same text when milliseconds are given', () => {
    const text = '2022-11-22T16:11:39.633';
    const parsed = parseTolokaTimestamp(text);
    expect(parsed && formatTolokaTimestamp(parsed)).toBe(text);
  });
});
