import { ApiError } from './errors.js';

/** A quota window, as toloka-kit reads it from `payload.interval`. */
export type QuotaInterval = 'MIN' | 'HOUR' | 'DAY';

/** At most `limit` calls per `interval` per account. */
export interface QuotaRule {
  readonly interval: QuotaInterval;
  readonly limit: number;
}

/** Quota rules per quota name (e.g. `aggregate-by-pool`); a name without rules is unlimited. */
export type QuotaConfig = Readonly<Record<string, readonly QuotaRule[]>>;

const WINDOW_MS: Record<QuotaInterval, number> = { MIN: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };
const UNIT: Record<string, QuotaInterval> = {
  min: 'MIN',
  minute: 'MIN',
  m: 'MIN',
  hour: 'HOUR',
  h: 'HOUR',
  day: 'DAY',
  d: 'DAY',
};

/** Parses `"5/min,30/hour,200/day"` (units min|hour|day); `""` or `"off"` means no rules. */
export function parseQuotaRules(text: string, where: string): QuotaRule[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'off') return [];
  return trimmed.split(',').map((part) => {
    const match = /^\s*(\d+)\s*\/\s*([a-z]+)\s*$/i.exec(part);
    const interval = match ? UNIT[(match[2] ?? '').toLowerCase()] : undefined;
    if (!match || interval === undefined) {
      throw new Error(`${where}: "${part.trim()}" is not "<count>/<min|hour|day>"`);
    }
    return { interval, limit: Number(match[1]) };
  });
}

/**
 * Fixed-window counters per (quota, account, interval), in memory: each
 * replica counts on its own. Exceeding a rule throws 429 TOO_MANY_REQUESTS
 * with `payload.interval` (which toloka-kit uses to wait and retry) and
 * `payload.retry_after_seconds` until the window resets.
 */
export class QuotaTracker {
  private readonly counters = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly config: QuotaConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one call of `quota` by `account`, or throws 429 when a rule is exceeded (nothing is counted then). */
  consume(quota: string, account: string): void {
    const rules = this.config[quota];
    if (rules === undefined || rules.length === 0) return;
    const now = this.now();
    const slots = rules.map((rule) => {
      const windowMs = WINDOW_MS[rule.interval];
      const windowStart = Math.floor(now / windowMs) * windowMs;
      const key = `${quota}\u0000${account}\u0000${rule.interval}`;
      let slot = this.counters.get(key);
      if (slot === undefined || slot.windowStart !== windowStart) {
        slot = { windowStart, count: 0 };
        this.counters.set(key, slot);
      }
      return { rule, slot };
    });
    const hit = slots.find(({ rule, slot }) => slot.count >= rule.limit);
    if (hit !== undefined) {
      const retryAfter = Math.max(1, Math.ceil((hit.slot.windowStart + WINDOW_MS[hit.rule.interval] - now) / 1000));
      throw new ApiError(
        429,
        'TOO_MANY_REQUESTS',
        `Too many requests: ${quota} allows ${hit.rule.limit} per ${hit.rule.interval.toLowerCase()}`,
        { interval: hit.rule.interval, limit: hit.rule.limit, quota, retry_after_seconds: retryAfter },
      );
    }
    for (const { slot } of slots) slot.count += 1;
  }
}
