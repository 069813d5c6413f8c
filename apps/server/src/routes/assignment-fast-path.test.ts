import { AssignmentImportSchema } from '@crowdagg/schema';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fastAssignment, fastAssignments } from './assignment-fast-path.js';

const good = {
  id: 'a1',
  pool_id: 'p1',
  user_id: 'w1',
  status: 'ACCEPTED',
  tasks: [{ id: 't1' }, { id: 't2', input_values: { url: 'x' } }],
  solutions: [{ output_values: { result: 'cat' } }, { output_values: { result: 'dog' } }],
};

/** Items the fast path must accept, in an order other than the schema's. */
const accepted: unknown[] = [
  good,
  { ...good, status: 'SUBMITTED', task_suite_id: 's1' },
  { solutions: good.solutions, tasks: good.tasks, status: 'REJECTED', user_id: 'w2', pool_id: 'p1', id: 'a2' },
  { ...good, tasks: [{ input_values: {}, id: 't1' }, { id: 't2' }] },
];

/** Items it must hand to the schema: valid but unusual, or invalid. */
const declined: unknown[] = [
  null,
  [],
  'a',
  { ...good, id: 7 },
  { ...good, id: '' },
  { ...good, pool_id: undefined },
  { ...good, user_id: null },
  { ...good, status: 'ACTIVE' },
  { ...good, status: 'DONE' },
  { ...good, tasks: [], solutions: [] },
  { ...good, solutions: good.solutions.slice(1) },
  { ...good, solutions: undefined },
  { ...good, tasks: {} },
  { ...good, tasks: [{ id: 't1', overlap: 3 }, { id: 't2' }] },
  { ...good, tasks: [{ id: 't1', input_values: [] }, { id: 't2' }] },
  { ...good, solutions: [{ output_values: [] }, { output_values: {} }] },
  { ...good, solutions: [{ output_values: {}, task_id: 't1' }, { output_values: {} }] },
  { ...good, solutions: [{}, { output_values: {} }] },
  { ...good, task_suite_id: '' },
  { ...good, mixed: false },
  { ...good, created: '2026-12-01T00:00:00' },
  { ...good, extra: 1 },
];

describe('assignment import fast path', () => {
  it.each(accepted.map((item, i) => [i, item]))('gives the schema output, keys in the same order (#%i)', (_i, item) => {
    const fast = fastAssignment(item);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(v.parse(AssignmentImportSchema, item)));
  });

  it.each(declined.map((item, i) => [i, item]))('declines anything else (#%i)', (_i, item) => {
    expect(fastAssignment(item)).toBeUndefined();
  });

  it('declines a batch when one item needs the schema', () => {
    expect(fastAssignments([good, good])).toHaveLength(2);
    expect(fastAssignments([good, { ...good, id: 3 }])).toBeUndefined();
  });
});
