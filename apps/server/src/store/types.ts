/**
 * The storage contract of crowdagg-server.
 *
 * Both adapters (SQLite in `sqlite.ts`, PostgreSQL in `postgres.ts`) implement
 * {@link Store} and pass the same test suite (`store-suite.ts`). Entities are
 * kept in Toloka's JSON shapes; the store adds `id` and timestamps and never
 * validates business rules the HTTP layer already checked.
 *
 * Conventions:
 * - Every data method takes the caller's `account` first. An object owned by
 *   another account is reported exactly like a missing one (`undefined`), so
 *   the HTTP layer answers 404 DOES_NOT_EXIST and never leaks existence.
 * - Ids are strings. Generated ids are zero-padded decimals (12 digits) for
 *   skills, user skills, projects, pools and tasks, and time-ordered UUIDs
 *   (version 7 layout, lowercase hex) for operations: in both cases plain
 *   string order is creation order. All id comparisons are byte-wise
 *   (`COLLATE "C"` in PostgreSQL, BINARY in SQLite): `'10' < '9'`.
 * - Timestamps are Toloka's `YYYY-MM-DDTHH:MM:SS.sss` in UTC, without `Z`.
 * - `has_more` is always a boolean.
 */

/** Any JSON object, as parsed from a request body. */
export type JsonObject = { [key: string]: unknown };

/** Toloka timestamp: `YYYY-MM-DDTHH:MM:SS.sss`, UTC, no zone suffix. */
export type TolokaTimestamp = string;

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  /** True when `limit` cut the list; continue with `id_gt` (or `task_id_gt`). */
  has_more: boolean;
}

/**
 * Keyset paging over string ids. `sort` is `'id'` (ascending, the default) or
 * `'-id'`; the range bounds compare byte-wise. `limit` must be ≥ 1 (the HTTP
 * layer applies defaults and maxima).
 */
export interface IdPageQuery {
  sort?: 'id' | '-id';
  limit: number;
  id_gt?: string;
  id_gte?: string;
  id_lt?: string;
  id_lte?: string;
}

// ---------------------------------------------------------------- skills

/** Skill as stored and returned (Toloka `SkillViewV1`); extra keys kept as sent. */
export interface Skill extends JsonObject {
  id: string;
  name: string;
  created: TolokaTimestamp;
}

/** A user's skill value (Toloka `UserSkillViewV1`). */
export interface UserSkill {
  id: string;
  skill_id: string;
  user_id: string;
  /** `exact_value` rounded half away from zero. */
  value: number;
  exact_value: number;
  created: TolokaTimestamp;
  modified: TolokaTimestamp;
}

/** Input of {@link Store.setUserSkill}. */
export interface UserSkillInput {
  skill_id: string;
  user_id: string;
  /** The value as sent (int or decimal); stored as `exact_value`. */
  value: number;
}

/** Filters of {@link Store.listUserSkills}. */
export interface UserSkillQuery extends IdPageQuery {
  skill_id?: string;
  user_id?: string;
}

// ---------------------------------------------------------------- projects, pools

/** Project as stored (Toloka project JSON with `task_spec.output_spec`). */
export interface Project extends JsonObject {
  id: string;
  created: TolokaTimestamp;
}

/** Pool as stored; `status` defaults to `OPEN`. */
export interface Pool extends JsonObject {
  id: string;
  project_id: string;
  status: string;
  created: TolokaTimestamp;
}

/** Filters of {@link Store.listPools}. */
export interface PoolQuery extends IdPageQuery {
  project_id?: string;
  status?: string;
}

// ---------------------------------------------------------------- tasks

/** Task as stored (Toloka `TaskViewV1`); `baseline_solutions` etc. kept as sent. */
export interface Task extends JsonObject {
  id: string;
  pool_id: string;
  input_values: JsonObject;
  created: TolokaTimestamp;
}

/** A task to create: `id` optional (client-chosen ids are an import extension). */
export interface TaskInput extends JsonObject {
  id?: string;
  pool_id: string;
  input_values: JsonObject;
}

/**
 * Outcome of one item of {@link Store.createTasks}, in input order.
 * - `created`: stored now; `existing`: the same id with the same content was
 *   already there (idempotent retry);
 * - `conflict`: the id exists with different content (→ 409);
 * - `pool_not_found`: no such pool in this account (→ 404 / validation error).
 */
export type TaskCreateResult =
  | { outcome: 'created' | 'existing'; task: Task }
  | { outcome: 'conflict' | 'pool_not_found'; message: string };

/** Filters of {@link Store.listTasks}. */
export interface TaskQuery extends IdPageQuery {
  pool_id?: string;
}

// ---------------------------------------------------------------- assignments, answers

/** Assignment statuses; only `ACCEPTED` answers are aggregated. */
export type AssignmentStatus = 'ACTIVE' | 'SUBMITTED' | 'ACCEPTED' | 'REJECTED' | 'SKIPPED' | 'EXPIRED';

/**
 * A completed assignment to import (Toloka `AssignmentViewV1`): `solutions[k]`
 * answers `tasks[k]`. Extra keys are kept as sent.
 */
export interface AssignmentInput extends JsonObject {
  id: string;
  pool_id: string;
  user_id: string;
  status: AssignmentStatus;
  tasks: { id: string; [key: string]: unknown }[];
  solutions: { output_values: JsonObject; [key: string]: unknown }[];
}

/** Assignment as stored and returned. */
export interface Assignment extends AssignmentInput {
  created: TolokaTimestamp;
}

/**
 * Outcome of one item of {@link Store.importAssignments}, in input order.
 * - `created`: new; `unchanged`: same id and same content (retry, no-op);
 *   `updated`: same id, new content (e.g. SUBMITTED → ACCEPTED) — replaced;
 * - `conflict`: the id belongs to another pool of the account;
 * - `pool_not_found` / `task_not_found`: a referenced object is missing.
 */
export type AssignmentImportResult =
  | { outcome: 'created' | 'unchanged' | 'updated'; id: string }
  | { outcome: 'conflict' | 'pool_not_found' | 'task_not_found'; id: string; message: string };

/** Filters of {@link Store.listAssignments}. */
export interface AssignmentQuery extends IdPageQuery {
  pool_id?: string;
  status?: AssignmentStatus;
}

/** One accepted answer of one worker to one task. */
export interface Answer {
  user_id: string;
  output_values: JsonObject;
}

/** An accepted answer with its task, as streamed by {@link Store.poolAnswers}. */
export interface PoolAnswer extends Answer {
  task_id: string;
}

/** What aggregate-by-task needs: the task and its accepted answers. */
export interface TaskForAggregation {
  task: Task;
  /** Ordered by assignment id. */
  answers: Answer[];
}

// ---------------------------------------------------------------- operations

/** Operation statuses; SUCCESS and FAIL are terminal. */
export type OperationStatus = 'PENDING' | 'RUNNING' | 'SUCCESS' | 'FAIL';

/** Operation in Toloka's shape (`OperationViewV1`). */
export interface Operation {
  id: string;
  type: string;
  status: OperationStatus;
  submitted: TolokaTimestamp;
  started?: TolokaTimestamp;
  finished?: TolokaTimestamp;
  /** 0–100. */
  progress: number;
  parameters: JsonObject;
  /** `{}` for aggregation; FAIL adds `reason`; batch creates carry counts. */
  details: JsonObject;
}

/** One line of `GET /operations/{id}/log` (task batch creation). */
export interface OperationLogEntry {
  type: string;
  success: boolean;
  input: JsonObject;
  output: JsonObject;
}

/** Input of {@link Store.createOperation}. */
export interface OperationInput {
  /** Client-chosen id (toloka-kit's `operation_id` query); generated when absent. */
  id?: string;
  type: string;
  parameters: JsonObject;
  /**
   * Pool the operation works on (taken from `parameters.pool_id` when absent).
   * Results rows are keyed by it.
   */
  pool_id?: string;
  /**
   * Retry guard: while an operation of this account with the same key is
   * PENDING or RUNNING and was submitted less than `dedupeWindowMs` ago, it is
   * returned instead of creating a second one.
   */
  dedupeKey?: string;
  /** Default 60 000 ms. */
  dedupeWindowMs?: number;
  /**
   * Create the operation already finished (e.g. a synchronous TASK.BATCH_CREATE
   * done in the request): status SUCCESS/FAIL, `started`/`finished` = now,
   * progress 100, with `details` and the `log` lines.
   */
  finished?: { status: 'SUCCESS' | 'FAIL'; details?: JsonObject; log?: OperationLogEntry[] };
}

/** Result of {@link Store.createOperation}: `created` false when an existing one was returned. */
export interface OperationCreateResult {
  operation: Operation;
  created: boolean;
}

/** Filters of {@link Store.listOperations}. */
export interface OperationQuery extends IdPageQuery {
  type?: string;
  status?: OperationStatus;
}

/** What a worker gets from {@link Store.claimOperation}. */
export interface ClaimedOperation {
  operation: Operation;
  account: string;
  /** 1 on the first claim, +1 on each takeover after an expired lease. */
  attempt: number;
}

/** Options of {@link Store.claimOperation}. */
export interface ClaimOptions {
  /** Only claim these types (default: any type). */
  types?: string[];
  /**
   * An operation whose lease expired this many times is marked FAIL with a
   * reason instead of being claimed again (default 3).
   */
  maxAttempts?: number;
}

/** Aggregation result of one task (Toloka `AggregatedSolutionViewV1`). */
export interface AggregatedSolution {
  pool_id: string;
  task_id: string;
  confidence: number;
  output_values: JsonObject;
}

/** Paging of {@link Store.listAggregatedSolutions}, on task ids (byte-wise). */
export interface SolutionQuery {
  sort?: 'task_id' | '-task_id';
  limit: number;
  task_id_gt?: string;
  task_id_gte?: string;
  task_id_lt?: string;
  task_id_lte?: string;
}

// ---------------------------------------------------------------- the store

/**
 * Durable storage behind the server. All methods are async; all are safe to
 * call concurrently from one process, and the operation-lease methods are
 * safe across processes sharing one database.
 */
export interface Store {
  /** `'sqlite'` or `'postgres'`. */
  readonly kind: 'sqlite' | 'postgres';

  /** Closes connections; the store is unusable afterwards. */
  close(): Promise<void>;

  /**
   * Applies pending schema migrations (opening a store already does) and
   * returns the versions applied now: `[]` when the schema is up to date.
   */
  migrate(): Promise<number[]>;

  // skills
  /** Stores a new skill with a generated id and `created`. */
  createSkill(account: string, skill: JsonObject & { name: string }): Promise<Skill>;
  /** The skill, or undefined (missing or another account's). */
  getSkill(account: string, id: string): Promise<Skill | undefined>;
  /** Skills of the account, keyset-paged on id. */
  listSkills(account: string, query: IdPageQuery): Promise<Page<Skill>>;

  // user skills
  /**
   * Upserts the (skill, user) value; `created` kept, `modified` = now. Returns
   * undefined when the skill is not in this account.
   */
  setUserSkill(account: string, input: UserSkillInput): Promise<UserSkill | undefined>;
  /** One user skill by id. */
  getUserSkill(account: string, id: string): Promise<UserSkill | undefined>;
  /** User skills, filtered by skill and/or user. */
  listUserSkills(account: string, query: UserSkillQuery): Promise<Page<UserSkill>>;
  /**
   * `exact_value` of each listed user for the skill (users without a value are
   * absent from the map). One indexed query.
   */
  userSkillValues(account: string, skillId: string, userIds: readonly string[]): Promise<Map<string, number>>;

  // projects
  /** Stores a project as sent, with a generated id and `created`. */
  createProject(account: string, project: JsonObject): Promise<Project>;
  /** The project, or undefined. */
  getProject(account: string, id: string): Promise<Project | undefined>;
  /** Projects of the account. */
  listProjects(account: string, query: IdPageQuery): Promise<Page<Project>>;

  // pools
  /**
   * Stores a pool (status `OPEN` unless given). Returns undefined when
   * `project_id` is not a project of this account.
   */
  createPool(account: string, pool: JsonObject & { project_id: string }): Promise<Pool | undefined>;
  /** The pool, or undefined. */
  getPool(account: string, id: string): Promise<Pool | undefined>;
  /** Pools of the account, filtered by project and status. */
  listPools(account: string, query: PoolQuery): Promise<Page<Pool>>;

  // tasks
  /**
   * Creates tasks in one transaction per call; one result per input, in order.
   * Generated ids follow creation order.
   */
  createTasks(account: string, tasks: readonly TaskInput[]): Promise<TaskCreateResult[]>;
  /** The task, or undefined. */
  getTask(account: string, id: string): Promise<Task | undefined>;
  /** Tasks of the account (optionally one pool), keyset-paged on id. */
  listTasks(account: string, query: TaskQuery): Promise<Page<Task>>;

  // assignments
  /**
   * Imports completed assignments in one transaction per call (the bulk path:
   * ≥ 100k answers/s on SQLite). One result per input, in order.
   */
  importAssignments(account: string, assignments: readonly AssignmentInput[]): Promise<AssignmentImportResult[]>;
  /** The assignment, or undefined. */
  getAssignment(account: string, id: string): Promise<Assignment | undefined>;
  /** Assignments of the account, filtered by pool and status. */
  listAssignments(account: string, query: AssignmentQuery): Promise<Page<Assignment>>;

  // aggregation reads
  /**
   * The task and the answers of its ACCEPTED assignments, or undefined when
   * the task is not in that pool of this account.
   */
  getTaskForAggregation(account: string, poolId: string, taskId: string): Promise<TaskForAggregation | undefined>;
  /**
   * All ACCEPTED answers of a pool, ordered by task id then assignment id,
   * in chunks of about `chunkSize` (default 10 000). Yields nothing when the
   * pool is not in this account. Equal `output_values` are one shared, frozen
   * object: read them, never mutate them.
   */
  poolAnswers(account: string, poolId: string, chunkSize?: number): AsyncIterable<PoolAnswer[]>;

  // operations
  /** Creates (or, see `dedupeKey` and `id`, returns the existing) operation. */
  createOperation(account: string, input: OperationInput): Promise<OperationCreateResult>;
  /** The operation, or undefined. Progress is visible from every process. */
  getOperation(account: string, id: string): Promise<Operation | undefined>;
  /** Operations of the account, filtered by type and status. */
  listOperations(account: string, query: OperationQuery): Promise<Page<Operation>>;
  /** Log lines of an operation (`[]` when it has none), or undefined. */
  getOperationLog(account: string, id: string): Promise<OperationLogEntry[] | undefined>;

  /**
   * Takes the oldest PENDING operation, or a RUNNING one whose lease expired,
   * marks it RUNNING under `owner` until now + `leaseMs` (sets `started` the
   * first time). Safe across processes. Undefined when there is nothing to do.
   */
  claimOperation(owner: string, leaseMs: number, options?: ClaimOptions): Promise<ClaimedOperation | undefined>;
  /**
   * Extends the lease to now + `leaseMs` and stores `progress` (0–100). False
   * when `owner` no longer holds it (taken over, or finished): stop working.
   */
  renewLease(id: string, owner: string, leaseMs: number, progress: number): Promise<boolean>;
  /**
   * Gives a RUNNING operation back (graceful shutdown): it becomes claimable
   * at once, keeps its progress, and the attempt is not counted towards
   * `maxAttempts`. False when `owner` no longer holds it.
   */
  releaseOperation(id: string, owner: string, progress: number): Promise<boolean>;
  /**
   * Writes all results and SUCCESS in one transaction, only if `owner` still
   * holds the lease of this RUNNING operation; otherwise writes nothing and
   * returns false. Results are therefore written exactly once.
   */
  completeOperation(
    id: string,
    owner: string,
    results: Iterable<AggregatedSolution> | AsyncIterable<AggregatedSolution>,
    details?: JsonObject,
  ): Promise<boolean>;
  /** Marks FAIL with `details.reason`, only if `owner` holds the lease. */
  failOperation(id: string, owner: string, reason: string): Promise<boolean>;
  /**
   * Results of a SUCCESS operation, keyset-paged on task id (byte-wise).
   * Undefined when the operation is not this account's; empty while it has no
   * results (the HTTP layer answers 409 when it is not SUCCESS).
   */
  listAggregatedSolutions(account: string, operationId: string, query: SolutionQuery): Promise<Page<AggregatedSolution> | undefined>;
}
