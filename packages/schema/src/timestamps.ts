/**
 * Toloka's timestamp format: ISO 8601 in UTC with **no zone suffix**, e.g.
 * `2026-12-01T02:07:50.446`. Older Python clients cannot parse a `Z`, so this
 * is the only form a compatible server should emit.
 */

const TIMESTAMP_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Formats a date as `YYYY-MM-DDTHH:MM:SS.sss` in UTC without a zone suffix. */
export function formatTolokaTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError('formatTolokaTimestamp: invalid Date');
  }
  return date.toISOString().slice(0, -1);
}

/**
 * Parses a Toloka timestamp. A value without a zone means UTC; `Z` and
 * `+hh:mm` / `+hhmm` offsets are honoured; seconds may be left out
 * (`2030-09-01T13:00`) and 0 to 6 fractional digits are accepted (digits
 * beyond milliseconds are truncated). Returns `undefined`
 * for anything else, including impossible dates such as month 22.
 */
export function parseTolokaTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP_PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number, number, number, number, number, number,
  ];
  const [y, mo, d, h, mi, s] = parts;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d ||
    h > 23 || mi > 59 || s > 59
  ) {
    return undefined;
  }
  return new Date(utc - zoneOffsetMinutes(zone) * 60_000);
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  return sign * (hours * 60 + minutes);
}
