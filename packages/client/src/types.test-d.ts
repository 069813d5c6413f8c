import type { AggregatedSolution, Operation, TaskBatchCreateResult } from '@crowdagg/schema';
import { describe, expectTypeOf, it } from 'vitest';
import { createClient } from './client.js';
import type { AggregatedSolutionPageQuery } from './paging.js';

const client = createClient({ url: 'http://127.0.0.1:8787', token: 't' });

describe('client types', () => {
  it('types results from the schema', () => {
    expectTypeOf(client.aggregateByTask).returns.resolves.toEqualTypeOf<AggregatedSolution>();
    expectTypeOf(client.aggregateByPool).returns.resolves.toEqualTypeOf<Operation>();
    expectTypeOf(client.aggregatedSolutions('op')).toEqualTypeOf<AsyncIterableIterator<AggregatedSolution>>();
  });

  it('chooses the createTasks result from asyncMode', () => {
    const tasks = [{ pool_id: '1', input_values: { q: 'x' } }];
    expectTypeOf(client.createTasks(tasks)).resolves.toEqualTypeOf<TaskBatchCreateResult>();
    expectTypeOf(client.createTasks(tasks, { asyncMode: true })).resolves.toEqualTypeOf<Operation>();
  });

  it('accepts numeric ids in requests and rejects unknown algorithms', () => {
    expectTypeOf(client.aggregateByPool).toBeCallableWith({ type: 'DAWID_SKENE', pool_id: 1491600, fields: [{ name: 'r' }] });
    // @ts-expect-error: not an algorithm
    void client.aggregateByPool({ type: 'MAJORITY_VOTE', pool_id: '1', fields: [] });
    // @ts-expect-error: sort is only by task_id
    const bad: AggregatedSolutionPageQuery = { sort: 'confidence' };
    void bad;
  });
});
