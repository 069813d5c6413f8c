import { OperationListQuerySchema } from '@crowdagg/schema';
import type { Hono } from 'hono';
import { fieldError, notFound } from '../errors.js';
import { DEFAULT_PAGE_SIZE, getById, parseWith, queryOf, type AppEnv } from '../http.js';
import type { OperationQuery } from '../store/types.js';
import type { RouteDeps } from './deps.js';

const UNSUPPORTED_FILTERS = [
  'submitted_gt',
  'submitted_gte',
  'submitted_lt',
  'submitted_lte',
  'finished_gt',
  'finished_gte',
  'finished_lt',
  'finished_lte',
] as const;

/**
 * Maps Toloka's operation sort keys to the store's id order. Generated
 * operation ids are time-ordered, so `submitted` sorts like `id`; `finished`
 * is not supported.
 */
function sortOf(sort: string | undefined): 'id' | '-id' | undefined {
  if (sort === undefined) return undefined;
  const first = sort.split(',')[0] ?? '';
  const key = first.replace(/^-/, '');
  if (key === 'finished') throw fieldError('sort', 'VALUE_NOT_ALLOWED', 'Sorting by finished is not supported; use id or submitted');
  return first.startsWith('-') ? '-id' : 'id';
}

/** `GET /operations/{id}`, `GET /operations/{id}/log`, `GET /operations`. */
export function operationRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  const { store } = deps;

  getById(app, '/operations', 'Operation', (account, id) => store.getOperation(account, id));

  app.get('/operations/:id/log', async (c) => {
    const id = c.req.param('id');
    const log = await store.getOperationLog(c.get('account'), id);
    if (log === undefined) throw notFound('Operation', id);
    return c.json(log, 200);
  });

  app.get('/operations', async (c) => {
    const query = parseWith(OperationListQuerySchema, queryOf(c));
    for (const key of UNSUPPORTED_FILTERS) {
      if (query[key] !== undefined) throw fieldError(key, 'VALUE_NOT_ALLOWED', `${key} is not supported by crowdagg-server; page with id_gt`);
    }
    const storeQuery: OperationQuery = { limit: Math.min(query.limit ?? DEFAULT_PAGE_SIZE, deps.limits.maxPageSize) };
    const sort = sortOf(query.sort);
    if (sort !== undefined) storeQuery.sort = sort;
    if (query.type !== undefined) storeQuery.type = query.type;
    if (query.status !== undefined) storeQuery.status = query.status;
    if (query.id_gt !== undefined) storeQuery.id_gt = query.id_gt;
    if (query.id_gte !== undefined) storeQuery.id_gte = query.id_gte;
    if (query.id_lt !== undefined) storeQuery.id_lt = query.id_lt;
    if (query.id_lte !== undefined) storeQuery.id_lte = query.id_lte;
    return c.json(await store.listOperations(c.get('account'), storeQuery), 200);
  });
}
