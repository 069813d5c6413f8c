import { describe, expect, it } from 'vitest';
import { KnownTasks } from './known-tasks.js';

describe('KnownTasks', () => {
  it('remembers tasks per pool', () => {
    const known = new KnownTasks(10);
    known.add('p1', ['t1', 't2', 't1']);
    expect(known.has('p1', 't1')).toBe(true);
    expect(known.has('p1', 't3')).toBe(false);
    expect(known.has('p2', 't1')).toBe(false);
    expect(known.size).toBe(2);
  });

  it('forgets the pool used longest ago when full', () => {
    const known = new KnownTasks(4);
    known.add('p1', ['t1', 't2']);
    known.add('p2', ['u1']);
    known.add('p1', ['t3']); // p1 is now the most recently used
    known.add('p3', ['v1']);
    expect(known.has('p2', 'u1')).toBe(false);
    expect(known.has('p1', 't1')).toBe(true);
    expect(known.has('p3', 'v1')).toBe(true);
    expect(known.size).toBe(4);
    known.add('p3', ['v2']); // p1 goes next
    expect(known.has('p1', 't1')).toBe(false);
    expect(known.size).toBe(2);
  });

  it('keeps what it has of a pool larger than the limit', () => {
    const known = new KnownTasks(2);
    known.add('p1', ['t1', 't2', 't3']);
    expect(known.has('p1', 't1')).toBe(true);
    expect(known.has('p1', 't2')).toBe(true);
    expect(known.has('p1', 't3')).toBe(false);
    expect(known.size).toBe(2);
  });

  it('tells 300,000 similar ids from 300,000 others, through every growth of its table', () => {
    const known = new KnownTasks(1_000_000);
    const id = (i: number) => `t${String(i).padStart(9, '0')}`;
    for (let start = 0; start < 600_000; start += 60_000) {
      known.add('p1', Array.from({ length: 30_000 }, (_, k) => id(start + 2 * k)));
      known.add('p2', [id(start)]);
    }
    expect(known.size).toBe(300_010);
    let wrong = 0;
    for (let i = 0; i < 600_000; i++) if (known.has('p1', id(i)) !== (i % 2 === 0)) wrong += 1;
    // Different lengths, non-ASCII text, the empty id.
    const odd = ['', 'é', 'éé', '\u{1f600}', 'a\u0000b', 'T000000002'];
    known.add('p1', odd.slice(0, 3));
    for (const o of odd) if (known.has('p1', o) !== odd.indexOf(o) < 3) wrong += 1;
    expect(wrong).toBe(0);
    expect(known.has('p2', id(60_000))).toBe(true);
    expect(known.has('p2', id(60_002))).toBe(false);
  });

  it('remembers nothing with a limit of 0', () => {
    const known = new KnownTasks(0);
    known.add('p1', ['t1']);
    expect(known.has('p1', 't1')).toBe(false);
    expect(known.size).toBe(0);
  });
});
