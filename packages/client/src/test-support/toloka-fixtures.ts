import type { AggregatedSolution, Operation } from '@crowdagg/schema';
import { ok, tolokaError } from './scripted-server.js';
import type { Handler, SeenRequest } from './scripted-server.js';

/** An aggregated solution shaped like Toloka's documented example. */
export function solution(taskId: string, poolId = '1491600'): AggregatedSolution {
  return { pool_id: poolId, task_id: taskId, confidence: 0.937152, output_values: { result: 'OK' } };
}

/** A `SOLUTION.AGGREGATE` operation shaped like Toloka's documented example. */
export function operation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: '5530b051-8b0b-4f3d-9a1d-5a8b7c1e2f30',
    type: 'SOLUTION.AGGREGATE',
    status: 'PENDING',
    submitted: '2026-12-01T02:07:50.446',
    progress: 0,
    parameters: { pool_id: '1491600' },
    details: {},
    ...overrides,
  };
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100_000;

function rangeFilter(query: URLSearchParams): (taskId: string) => boolean {
  const gt = query.get('task_id_gt');
  const gte = query.get('task_id_gte');
  const lt = query.get('task_id_lt');
  const lte = query.get('task_id_lte');
  return (id) =>
    (gt === null || id > gt) && (gte === null || id >= gte) && (lt === null || id < lt) && (lte === null || id <= lte);
}

/**
 * Plays `GET /aggregated-solutions/{op}` over a fixed result set as Toloka
 * documents it: string-ordered `task_id` ranges, `sort=task_id|-task_id`,
 * `limit` default 50 (max 100 000), `has_more` when the limit truncated.
 * Without `sort` the order is the given (unsorted) one, as on Toloka.
 */
export function aggregatedSolutionsHandler(solutions: readonly AggregatedSolution[]): Handler {
  return (request: SeenRequest) => {
    const { query } = request;
    const limit = query.has('limit') ? Number(query.get('limit')) : DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return tolokaError(400, 'VALIDATION_ERROR', 'Validation failed', { limit: { code: 'VALUE_OUT_OF_BOUNDS' } });
    }
    const sort = query.get('sort');
    const matching = solutions.filter((s) => rangeFilter(query)(s.task_id));
    if (sort === 'task_id' || sort === '-task_id') {
      matching.sort((a, b) => (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0));
      if (sort === '-task_id') matching.reverse();
    }
    return ok({ items: matching.slice(0, limit), has_more: matching.length > limit });
  };
}
