import {
  AggregateByPoolRequestSchema,
  AggregateByTaskRequestSchema,
  AggregatedSolutionListQuerySchema,
} from '@crowdagg/schema';
import type { Hono } from 'hono';
import { aggregateTask, planAggregation, PlanCache, type AggregationRequest } from '../aggregate.js';
import { conflict, notFound } from '../errors.js';
import { parseWith, queryOf, readJson, DEFAULT_PAGE_SIZE, type AppEnv } from '../http.js';
import type { RouteDeps } from './deps.js';

/** Operation type of pool aggregation. */
export const SOLUTION_AGGREGATE = 'SOLUTION.AGGREGATE';

/** How long a retried identical aggregate-by-pool POST returns the same unfinished operation. */
export const AGGREGATE_DEDUPE_WINDOW_MS = 10 * 60_000;

/** The aggregated-solutions routes: by-task (200), by-pool (202), results of an operation. */
export function aggregationRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  const { store } = deps;
  const plans = new PlanCache();

  app.post('/aggregated-solutions/aggregate-by-task', async (c) => {
    const request = parseWith(AggregateByTaskRequestSchema, await readJson(c));
    const account = c.get('account');
    const plan = await plans.get(store, account, request);
    return c.json(await aggregateTask(store, account, plan, request.task_id), 200);
  });

  app.post('/aggregated-solutions/aggregate-by-pool', async (c) => {
    const request = parseWith(AggregateByPoolRequestSchema, await readJson(c)) as AggregationRequest;
    const account = c.get('account');
    const plan = await planAggregation(store, account, request);
    deps.quotas.consume('aggregate-by-pool', account);
    const parameters = {
      pool_id: plan.poolId,
      project_id: plan.projectId,
      algorithm: plan.type,
      ...(plan.skillId === undefined ? {} : { answer_weight_skill_id: plan.skillId }),
      aggregated_fields: plan.fieldNames.map((name) => ({ name })),
    };
    const { operation } = await store.createOperation(account, {
      type: SOLUTION_AGGREGATE,
      pool_id: plan.poolId,
      parameters,
      dedupeKey: JSON.stringify(parameters),
      dedupeWindowMs: AGGREGATE_DEDUPE_WINDOW_MS,
    });
    deps.onOperationCreated();
    return c.json(operation, 202);
  });

  app.get('/aggregated-solutions/:operationId', async (c) => {
    const query = parseWith(AggregatedSolutionListQuerySchema, queryOf(c));
    const account = c.get('account');
    const id = c.req.param('operationId');
    const operation = await store.getOperation(account, id);
    if (operation === undefined || operation.type !== SOLUTION_AGGREGATE) throw notFound('Aggregation operation', id);
    if (operation.status !== 'SUCCESS') {
      throw conflict(`Operation ${id} is ${operation.status}; its results are available once it is SUCCESS`, {
        status: operation.status,
      });
    }
    const page = await store.listAggregatedSolutions(account, id, {
      ...query,
      limit: Math.min(query.limit ?? DEFAULT_PAGE_SIZE, deps.limits.maxPageSize),
    });
    if (page === undefined) throw notFound('Aggregation operation', id);
    return c.json(page, 200);
  });
}
