import { TaskCreateQuerySchema, TaskCreateSchema, TaskListQuerySchema, toValidationPayload, validate } from '@crowdagg/schema';
import type { Hono } from 'hono';
import { ApiError, conflict, fieldError } from '../errors.js';
import { checkBatchSize, DEFAULT_PAGE_SIZE, getById, parseWith, queryOf, readJson, type AppContext, type AppEnv } from '../http.js';
import type { JsonObject, Operation, OperationLogEntry, Store, Task, TaskInput, TaskQuery } from '../store/types.js';
import type { RouteDeps } from './deps.js';

/** Operation type of task batch creation. */
export const TASK_BATCH_CREATE = 'TASK.BATCH_CREATE';

type ItemErrors = Record<string, Record<string, { code: string; message: string }>>;

interface BatchOutcome {
  items: Record<string, Task>;
  validationErrors: ItemErrors;
  log: OperationLogEntry[];
}

/** Validates every item, checks pools, and stores the valid ones in one call. */
async function createBatch(store: Store, account: string, inputs: readonly unknown[], skipInvalid: boolean): Promise<BatchOutcome> {
  const validationErrors: ItemErrors = {};
  const valid: { index: number; task: TaskInput }[] = [];
  inputs.forEach((input, index) => {
    const result = validate(TaskCreateSchema, input);
    if (result.success) {
      const { __item_idx: _ignored, ...task } = result.output;
      valid.push({ index, task: task });
    } else {
      validationErrors[String(index)] = toValidationPayload(result.issues);
    }
  });
  const poolIds = [...new Set(valid.map((v) => v.task.pool_id))];
  const pools = await Promise.all(poolIds.map(async (id) => [id, await store.getPool(account, id)] as const));
  const missing = new Set(pools.filter(([, pool]) => pool === undefined).map(([id]) => id));
  const toCreate = valid.filter(({ index, task }) => {
    if (!missing.has(task.pool_id)) return true;
    validationErrors[String(index)] = {
      pool_id: { code: 'ENTITY_DOES_NOT_EXIST', message: `Pool ${JSON.stringify(task.pool_id)} does not exist` },
    };
    return false;
  });
  if (!skipInvalid && Object.keys(validationErrors).length > 0) {
    const payload: Record<string, unknown> = {};
    for (const [index, fields] of Object.entries(validationErrors)) {
      for (const [path, issue] of Object.entries(fields)) payload[path === '' ? index : `${index}.${path}`] = issue;
    }
    throw new ApiError(400, 'VALIDATION_ERROR', 'Validation failed', payload);
  }
  const results = await store.createTasks(
    account,
    toCreate.map((v) => v.task),
  );
  const items: Record<string, Task> = {};
  const created = new Map<number, Task>();
  results.forEach((result, k) => {
    const index = toCreate[k]?.index ?? k;
    if ('task' in result) {
      items[String(index)] = result.task;
      created.set(index, result.task);
    } else {
      validationErrors[String(index)] = {
        id: { code: result.outcome === 'conflict' ? 'CONFLICT_STATE' : 'ENTITY_DOES_NOT_EXIST', message: result.message },
      };
    }
  });
  const log: OperationLogEntry[] = inputs.map((input, index) => {
    const task = created.get(index);
    return {
      type: 'TASK_CREATE',
      success: task !== undefined,
      input: (input !== null && typeof input === 'object' ? input : { value: input }) as JsonObject,
      output: task !== undefined ? { task_id: task.id } : { validation_errors: validationErrors[String(index)] ?? {} },
    };
  });
  return { items, validationErrors, log };
}

/** Rebuilds a synchronous batch answer from a finished operation's log (a retried POST with the same operation_id). */
async function replayBatch(store: Store, account: string, log: readonly OperationLogEntry[]): Promise<Record<string, Task>> {
  const items: Record<string, Task> = {};
  await Promise.all(
    log.map(async (entry, index) => {
      const id = entry.output.task_id;
      if (typeof id !== 'string') return;
      const task = await store.getTask(account, id);
      if (task !== undefined) items[String(index)] = task;
    }),
  );
  return items;
}

/** `POST /tasks` (one task or a batch; sync or `async_mode=true`), `GET /tasks/{id}`, `GET /tasks`. */
export function taskRoutes(app: Hono<AppEnv>, deps: RouteDeps): void {
  const { store } = deps;

  app.post('/tasks', async (c: AppContext) => {
    const query = parseWith(TaskCreateQuerySchema, queryOf(c));
    const account = c.get('account');
    const body = await readJson(c);
    const single = body !== null && typeof body === 'object' && !Array.isArray(body);
    const inputs: unknown[] = single ? [body] : Array.isArray(body) ? body : [];
    if (body !== undefined && !single && !Array.isArray(body)) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Validation failed', {
        '': { code: 'OBJECT_EXPECTED', message: 'The body must be a task or an array of tasks' },
      });
    }
    checkBatchSize(inputs, deps.limits.maxBatchItems);

    if (query.operation_id !== undefined) {
      const previous = await store.getOperation(account, query.operation_id);
      if (previous !== undefined) return replay(c, previous, query.async_mode === true, single);
    }

    const skipInvalid = query.skip_invalid_items === true && !single;
    const outcome = await createBatch(store, account, inputs, skipInvalid);
    if (single && outcome.items['0'] === undefined) {
      const issue = Object.values(outcome.validationErrors['0'] ?? {})[0];
      throw conflict(issue?.message ?? 'The task was not created');
    }
    const total = inputs.length;
    const successCount = Object.keys(outcome.items).length;
    const { operation } = await store.createOperation(account, {
      ...(query.operation_id === undefined ? {} : { id: query.operation_id }),
      type: TASK_BATCH_CREATE,
      parameters: { skip_invalid_items: skipInvalid, allow_defaults: query.allow_defaults ?? false, open_pool: query.open_pool ?? false },
      finished: {
        status: 'SUCCESS',
        details: {
          total_count: total,
          valid_count: successCount,
          not_valid_count: total - successCount,
          success_count: successCount,
          failed_count: total - successCount,
        },
        log: outcome.log,
      },
    });
    if (query.async_mode === true) return c.json(operation, 202);
    if (single) return c.json(outcome.items['0'], 201);
    const hasErrors = Object.keys(outcome.validationErrors).length > 0;
    return c.json({ items: outcome.items, ...(hasErrors ? { validation_errors: outcome.validationErrors } : {}) }, 201);
  });

  const replay = async (c: AppContext, operation: Operation, asyncMode: boolean, single: boolean): Promise<Response> => {
    if (operation.type !== TASK_BATCH_CREATE) throw conflict(`Operation ${operation.id} exists and is not a task batch creation`);
    if (asyncMode) return c.json(operation, 202);
    const items = await replayBatch(store, c.get('account'), (await store.getOperationLog(c.get('account'), operation.id)) ?? []);
    if (single) {
      if (items['0'] === undefined) throw conflict(`Operation ${operation.id} created no task`);
      return c.json(items['0'], 201);
    }
    return c.json({ items }, 201);
  };

  getById(app, '/tasks', 'Task', (account, id) => store.getTask(account, id));
  app.get('/tasks', async (c) => {
    const query = parseWith(TaskListQuerySchema, queryOf(c));
    for (const key of ['created_gt', 'created_gte', 'created_lt', 'created_lte'] as const) {
      if (query[key] !== undefined) throw fieldError(key, 'VALUE_NOT_ALLOWED', `${key} is not supported by crowdagg-server; page with id_gt`);
    }
    const storeQuery: TaskQuery = { limit: Math.min(query.limit ?? DEFAULT_PAGE_SIZE, deps.limits.maxPageSize) };
    // Generated task ids follow creation order, so `created` sorts like `id`.
    if (query.sort !== undefined) storeQuery.sort = query.sort.startsWith('-') ? '-id' : 'id';
    for (const key of ['pool_id', 'id_gt', 'id_gte', 'id_lt', 'id_lte'] as const) {
      const value = query[key];
      if (value !== undefined) storeQuery[key] = value;
    }
    return c.json(await store.listTasks(c.get('account'), storeQuery), 200);
  });
}
