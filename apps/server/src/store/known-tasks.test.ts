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

  it('remembers nothing with a limit of 0', () => {
    const known = new KnownTasks(0);
    known.add('p1', ['t1']);
    expect(known.has('p1', 't1')).toBe(false);
    expect(known.size).toBe(0);
  });
});
