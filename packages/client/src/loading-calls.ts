import {
  OperationSchema,
  PoolSchema,
  ProjectSchema,
  SkillSchema,
  TaskBatchCreateResultSchema,
  TaskSchema,
  UserSkillSchema,
  pageSchema,
} from '@crowdagg/schema';
import type {
  AssignmentImportSchema,
  Operation,
  Pool,
  PoolCreateSchema,
  Project,
  ProjectCreateSchema,
  Skill,
  SkillCreateSchema,
  Task,
  TaskBatchCreateResult,
  TaskCreateSchema,
  UserSkill,
  UserSkillSetSchema,
} from '@crowdagg/schema';
import * as v from 'valibot';
import type { CallOptions } from './aggregation-calls.js';
import type { QueryValue, Transport } from './transport.js';

/** Body of `POST /skills`. */
export type SkillCreateInput = v.InferInput<typeof SkillCreateSchema>;
/** Body of `PUT /user-skills`. */
export type UserSkillSetInput = v.InferInput<typeof UserSkillSetSchema>;
/** Body of `POST /projects`. */
export type ProjectCreateInput = v.InferInput<typeof ProjectCreateSchema>;
/** Body of `POST /pools`. */
export type PoolCreateInput = v.InferInput<typeof PoolCreateSchema>;
/** One task of `POST /tasks`. */
export type TaskCreateInput = v.InferInput<typeof TaskCreateSchema>;
/** One assignment of `POST /assignments`. */
export type AssignmentImportInput = v.InferInput<typeof AssignmentImportSchema>;

/** Query flags of `POST /tasks`. */
export interface CreateTasksOptions extends CallOptions {
  /** `true`: the server answers 202 with a `TASK.BATCH_CREATE` operation. Default false (201 with the tasks). */
  asyncMode?: boolean;
  /** Fill overlap and other task fields from the pool's defaults. Default true, as toloka-kit sends. */
  allowDefaults?: boolean;
  /** Create the valid tasks and report the others in `validation_errors`. */
  skipInvalidItems?: boolean;
  /** Open the pool once the tasks are created. */
  openPool?: boolean;
  /** Idempotency key of the batch; a random UUID when absent, so a retried POST is recognised. */
  operationId?: string;
}

/** Filters of `GET /tasks` (ids compare as strings; page with `id_gt` and `sort=id`). */
export interface TaskListQuery {
  pool_id?: string;
  sort?: 'id' | '-id';
  limit?: number;
  id_gt?: string;
  id_gte?: string;
  id_lt?: string;
  id_lte?: string;
  [filter: string]: QueryValue;
}

const TaskPageSchema = pageSchema(TaskSchema);

/** A page of tasks. */
export type TaskPage = v.InferOutput<typeof TaskPageSchema>;

/**
 * Answer of `POST /assignments` on crowdagg-server: counts per outcome and,
 * for a list, the rejected items keyed by input index.
 */
export const AssignmentImportSummarySchema = v.looseObject({
  created: v.number(),
  unchanged: v.number(),
  updated: v.number(),
  failed: v.number(),
  errors: v.optional(v.record(v.string(), v.looseObject({ code: v.string(), message: v.string() }))),
});

/** Parsed answer of `importAssignments`. */
export type AssignmentImportSummary = v.InferOutput<typeof AssignmentImportSummarySchema>;

/** Calls that load data into crowdagg-server (Toloka's shapes; Toloka itself serves all but `importAssignments`). */
export interface LoadingCalls {
  /** `POST /skills`. */
  createSkill(this: void, skill: SkillCreateInput, options?: CallOptions): Promise<Skill>;
  /** `GET /skills/{id}`. */
  getSkill(this: void, skillId: string, options?: CallOptions): Promise<Skill>;
  /** `PUT /user-skills`: sets a worker's skill value (0–100, decimals allowed). */
  setUserSkill(this: void, userSkill: UserSkillSetInput, options?: CallOptions): Promise<UserSkill>;
  /** `POST /projects`. */
  createProject(this: void, project: ProjectCreateInput, options?: CallOptions): Promise<Project>;
  /** `GET /projects/{id}`. */
  getProject(this: void, projectId: string, options?: CallOptions): Promise<Project>;
  /** `POST /pools`. */
  createPool(this: void, pool: PoolCreateInput, options?: CallOptions): Promise<Pool>;
  /** `GET /pools/{id}`. */
  getPool(this: void, poolId: string, options?: CallOptions): Promise<Pool>;
  /** `POST /tasks` (sync): the created tasks keyed by input index (`"0"`, `"1"`, …). */
  createTasks(this: void, tasks: TaskCreateInput[], options?: CreateTasksOptions & { asyncMode?: false }): Promise<TaskBatchCreateResult>;
  /** `POST /tasks?async_mode=true`: the `TASK.BATCH_CREATE` operation; read its log with `getOperationLog`. */
  createTasks(this: void, tasks: TaskCreateInput[], options: CreateTasksOptions & { asyncMode: true }): Promise<Operation>;
  /** `GET /tasks/{id}`. */
  getTask(this: void, taskId: string, options?: CallOptions): Promise<Task>;
  /** `GET /tasks`: one page of tasks. */
  findTasks(this: void, query?: TaskListQuery, options?: CallOptions): Promise<TaskPage>;
  /** `POST /assignments` (crowdagg-server extension): imports completed assignments collected elsewhere. */
  importAssignments(this: void, assignments: AssignmentImportInput[], options?: CallOptions): Promise<AssignmentImportSummary>;
}

/** Binds the data-loading calls to a transport. */
export function loadingCalls(transport: Transport): LoadingCalls {
  const get = <S extends v.GenericSchema>(path: readonly string[], schema: S, options?: CallOptions) =>
    transport.call({ method: 'GET', path, schema, signal: options?.signal });
  const send = <S extends v.GenericSchema>(method: 'POST' | 'PUT', path: readonly string[], json: unknown, schema: S, options?: CallOptions) =>
    transport.call({ method, path, json, schema, signal: options?.signal });

  function createTasks(tasks: TaskCreateInput[], options?: CreateTasksOptions & { asyncMode?: false }): Promise<TaskBatchCreateResult>;
  function createTasks(tasks: TaskCreateInput[], options: CreateTasksOptions & { asyncMode: true }): Promise<Operation>;
  function createTasks(tasks: TaskCreateInput[], options: CreateTasksOptions = {}): Promise<TaskBatchCreateResult | Operation> {
    const asyncMode = options.asyncMode ?? false;
    return transport.call({
      method: 'POST',
      path: ['tasks'],
      query: {
        operation_id: options.operationId ?? globalThis.crypto.randomUUID(),
        async_mode: asyncMode,
        allow_defaults: options.allowDefaults ?? true,
        skip_invalid_items: options.skipInvalidItems,
        open_pool: options.openPool,
      },
      json: tasks,
      schema: asyncMode ? OperationSchema : TaskBatchCreateResultSchema,
      signal: options.signal,
    });
  }

  return {
    createSkill: (skill, options) => send('POST', ['skills'], skill, SkillSchema, options),
    getSkill: (skillId, options) => get(['skills', skillId], SkillSchema, options),
    setUserSkill: (userSkill, options) => send('PUT', ['user-skills'], userSkill, UserSkillSchema, options),
    createProject: (project, options) => send('POST', ['projects'], project, ProjectSchema, options),
    getProject: (projectId, options) => get(['projects', projectId], ProjectSchema, options),
    createPool: (pool, options) => send('POST', ['pools'], pool, PoolSchema, options),
    getPool: (poolId, options) => get(['pools', poolId], PoolSchema, options),
    createTasks,
    getTask: (taskId, options) => get(['tasks', taskId], TaskSchema, options),
    findTasks: (query = {}, options) =>
      transport.call({ method: 'GET', path: ['tasks'], query, schema: TaskPageSchema, signal: options?.signal }),
    importAssignments: (assignments, options) =>
      send('POST', ['assignments'], assignments, AssignmentImportSummarySchema, options),
  };
}
