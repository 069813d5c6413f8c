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

  it('starts over when the limit is reached, keeping the id being added', () => {
    const known = new KnownTasks(3);
    known.add('p1', ['t1', 't2']);
    known.add('p2', ['u1', 'u2']);
    expect(known.size).toBe(1);
    expect(known.has('p1', 't1')).toBe(false);
    expect(known.has('p2', 'u1')).toBe(false);
    expect(known.has('p2', 'u2')).toBe(true);
  });

  it('remembers nothing with a limit of 0', () => {
    const known = new KnownTasks(0);
    known.add('p1', ['t1']);
    expect(known.has('p1', 't1')).toBe(false);
    expect(known.size).toBe(0);
  });
});
