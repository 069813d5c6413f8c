/**
 * PostgreSQL adapter of {@link Store} (postgres.js). Several server processes
 * may share one database: operations are claimed with
 * `FOR UPDATE SKIP LOCKED`, leases are compared against the database clock,
 * and results are written in the same transaction that checks the lease.
 * Bulk writes use `COPY … FROM STDIN`, rows sorted by the table's key.
 */
import postgres from 'postgres';
import type { Sql } from 'postgres';
import {
  clampProgress,
  entityFromRow,
  userSkillFromRow,
  DEFAULT_DEDUPE_WINDOW_MS,
  SharedObjectParser,
  DEFAULT_MAX_ATTEMPTS,
  abandonedReason,
  bodyWithout,
  compareText,
  idRange,
  operationFromRow,
  padId,
  parseObject,
  poolIdOf,
  rangeBounds,
  taskIdRange,
  timeOrderedUuid,
  toPage,
} from './common.js';
import type { DataRow, KeyRange, OperationRow, UserSkillRow } from './common.js';
import { migratePostgres } from './postgres-migrations.js';
import { KnownTasks } from './known-tasks.js';
import { outputJson } from './output-json.js';
import { Query, copyField, copyLines, copyRows, impossibleKey, run } from './postgres-sql.js';
import type { Db } from './postgres-sql.js';
import type {
  AggregatedSolution,
  Answer,
  Assignment,
  AssignmentImportResult,
  AssignmentInput,
  AssignmentQuery,
  ClaimOptions,
  ClaimedOperation,
  IdPageQuery,
  JsonObject,
  Operation,
  OperationCreateResult,
  OperationInput,
  OperationLogEntry,
  OperationQuery,
  Page,
  Pool,
  PoolAnswer,
  PoolQuery,
  Project,
  Skill,
  SolutionQuery,
  Store,
  Task,
  TaskCreateResult,
  TaskForAggregation,
  TaskInput,
  TaskQuery,
  UserSkill,
  UserSkillInput,
  UserSkillQuery,
} from './types.js';


/** Options of {@link PostgresStore.open}. */
export interface PostgresStoreOptions {
  /**
   * Schema to use (sets `search_path`; a `search_path` query parameter of the
   * URL does the same). Created when missing. Default: the server's default.
   */
  schema?: string;
  /** Connection pool size (default 10). */
  max?: number;
  /**
   * Task ids remembered as existing, so imports skip re-checking them
   * (default 4,000,000, kept as 64-bit fingerprints: 64 MB for 4M ids of one pool;
   * 0 turns the memory off).
   */
  knownTasks?: number;
}

/** Attempts of one assignment import that races with others. */
const IMPORT_ATTEMPTS = 5;

/** An assignment changed between this import's read and its write. */
class ImportRace extends Error {
  constructor(id: string) {
    super(`assignment ${id} was changed by a concurrent import`);
  }
}

/**
 * True for errors after which an assignment import is tried again: the
 * assignment changed under it, another import created the same id first
 * (the primary key of `assignments`), or PostgreSQL broke a deadlock
 * between two imports.
 */
function isImportRace(err: unknown): boolean {
  if (err instanceof ImportRace) return true;
  const { code, constraint_name: constraint } = err as { code?: unknown; constraint_name?: unknown };
  return (code === '23505' && constraint === 'assignments_pkey') || code === '40P01';
}

/** Rows per INSERT statement in bulk writes. */
const BULK_ROWS = 5000;

const OP_COLUMNS = 'id, type, status, submitted, started, finished, progress, parameters, details';

/** The PostgreSQL implementation of {@link Store}. */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;

  private readonly knownTasks: KnownTasks;

  private constructor(
    private readonly sql: Sql,
    knownTasks: number,
  ) {
    this.knownTasks = new KnownTasks(knownTasks);
  }

  /** Connects, applies migrations and returns the store. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const sql = postgres(url, {
      max: options.max ?? 10,
      onnotice: () => {},
      ...(options.schema === undefined ? {} : { connection: { search_path: options.schema } }),
    });
    const store = new PostgresStore(sql, options.knownTasks ?? 4_000_000);
    try {
      const schema = options.schema ?? new URL(url).searchParams.get('search_path') ?? undefined;
      if (schema !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
        const found = await sql`SELECT 1 FROM pg_namespace WHERE nspname = ${schema}`;
        if (found.length === 0) {
          // IF NOT EXISTS alone races when several processes start at once.
          await sql.begin(async (tx) => {
            await tx`SELECT pg_advisory_xact_lock(hashtext('crowdagg.schema:' || ${schema}))`;
            await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          });
        }
      }
      await store.migrate();
    } catch (err) {
      await sql.end({ timeout: 1 });
      throw err;
    }
    return store;
  }

  migrate(): Promise<number[]> {
    return migratePostgres(this.sql);
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }

  private async nextIds(sequence: string, n: number, db: Db = this.sql): Promise<string[]> {
    const rows = await db.unsafe(`SELECT nextval('${sequence}')::text AS v FROM generate_series(1, $1::int)`, [n]);
    return (rows as unknown as { v: string }[]).map((r) => padId(BigInt(r.v)));
  }

  /** Keyset page over `key`; `where` already holds its placeholders in `q`. */
  private async page<R>(q: Query, where: string[], key: string, range: KeyRange): Promise<{ rows: R[]; limit: number }> {
    const conds = [...where];
    for (const [op, value] of rangeBounds(range)) conds.push(`${key} ${op} ${q.p(value)}`);
    q.text += ` WHERE ${conds.join(' AND ')} ORDER BY ${key} ${range.desc ? 'DESC' : 'ASC'} LIMIT ${q.p(range.limit + 1)}`;
    return { rows: await run<R>(this.sql, q), limit: range.limit };
  }

  private async dataPage<T>(
    table: string,
    account: string,
    query: IdPageQuery,
    filters: [string, string | undefined][] = [],
  ): Promise<Page<T>> {
    const q = new Query(`SELECT id, created, data FROM ${table}`);
    const where = [`account = ${q.p(account)}`];
    for (const [col, value] of filters) if (value !== undefined) where.push(`${col} = ${q.p(value)}`);
    const { rows, limit } = await this.page<DataRow>(q, where, 'id', idRange(query));
    return toPage(rows.map((r) => entityFromRow<T>(r)), limit);
  }

  private async getData<T>(table: string, account: string, id: string): Promise<T | undefined> {
    if (impossibleKey(account, id)) return undefined;
    const rows = await this.sql.unsafe(`SELECT id, created, data FROM ${table} WHERE account = $1 AND id = $2`, [
      account,
      id,
    ]);
    const row = rows[0] as DataRow | undefined;
    return row === undefined ? undefined : entityFromRow<T>(row);
  }

  private async insertData(table: string, account: string, body: JsonObject, sequence: string): Promise<DataRow> {
    const [id] = await this.nextIds(sequence, 1);
    const row: DataRow = { id: id as string, created: Date.now(), data: JSON.stringify(body) };
    await this.sql.unsafe(`INSERT INTO ${table} (id, account, created, data) VALUES ($1, $2, $3, $4)`, [
      row.id,
      account,
      row.created,
      row.data,
    ]);
    return row;
  }

  // ------------------------------------------------------------ skills

  async createSkill(account: string, skill: JsonObject & { name: string }): Promise<Skill> {
    return entityFromRow<Skill>(await this.insertData('skills', account, bodyWithout(skill, ['id']), 'skill_ids'));
  }

  getSkill(account: string, id: string): Promise<Skill | undefined> {
    return this.getData<Skill>('skills', account, id);
  }

  listSkills(account: string, query: IdPageQuery): Promise<Page<Skill>> {
    return this.dataPage<Skill>('skills', account, query);
  }

  // ------------------------------------------------------------ user skills

  async setUserSkill(account: string, input: UserSkillInput): Promise<UserSkill | undefined> {
    const skill = await this.sql`SELECT 1 FROM skills WHERE account = ${account} AND id = ${input.skill_id}`;
    if (skill.length === 0) return undefined;
    const [id] = await this.nextIds('user_skill_ids', 1);
    const now = Date.now();
    const rows = await this.sql<UserSkillRow[]>`
      INSERT INTO user_skills (id, account, skill_id, user_id, exact_value, created, modified)
      VALUES (${id as string}, ${account}, ${input.skill_id}, ${input.user_id}, ${input.value}, ${now}, ${now})
      ON CONFLICT (account, skill_id, user_id)
        DO UPDATE SET exact_value = EXCLUDED.exact_value, modified = EXCLUDED.modified
      RETURNING id, skill_id, user_id, exact_value, created, modified`;
    return userSkillFromRow(rows[0] as UserSkillRow);
  }

  async getUserSkill(account: string, id: string): Promise<UserSkill | undefined> {
    if (impossibleKey(account, id)) return undefined;
    const rows = await this.sql<UserSkillRow[]>`
      SELECT id, skill_id, user_id, exact_value, created, modified FROM user_skills
      WHERE account = ${account} AND id = ${id}`;
    return rows[0] === undefined ? undefined : userSkillFromRow(rows[0]);
  }

  async listUserSkills(account: string, query: UserSkillQuery): Promise<Page<UserSkill>> {
    const q = new Query('SELECT id, skill_id, user_id, exact_value, created, modified FROM user_skills');
    const where = [`account = ${q.p(account)}`];
    if (query.skill_id !== undefined) where.push(`skill_id = ${q.p(query.skill_id)}`);
    if (query.user_id !== undefined) where.push(`user_id = ${q.p(query.user_id)}`);
    const { rows, limit } = await this.page<UserSkillRow>(q, where, 'id', idRange(query));
    return toPage(rows.map(userSkillFromRow), limit);
  }

  async userSkillValues(account: string, skillId: string, userIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.sql<{ user_id: string; exact_value: number }[]>`
      SELECT user_id, exact_value FROM user_skills
      WHERE account = ${account} AND skill_id = ${skillId} AND user_id = ANY(${[...userIds]}::text[])`;
    return new Map(rows.map((r) => [r.user_id, r.exact_value]));
  }

  // ------------------------------------------------------------ projects, pools

  async createProject(account: string, project: JsonObject): Promise<Project> {
    return entityFromRow<Project>(
      await this.insertData('projects', account, bodyWithout(project, ['id']), 'project_ids'),
    );
  }

  getProject(account: string, id: string): Promise<Project | undefined> {
    return this.getData<Project>('projects', account, id);
  }

  listProjects(account: string, query: IdPageQuery): Promise<Page<Project>> {
    return this.dataPage<Project>('projects', account, query);
  }

  async createPool(account: string, pool: JsonObject & { project_id: string }): Promise<Pool | undefined> {
    const project = await this.sql`SELECT 1 FROM projects WHERE account = ${account} AND id = ${pool.project_id}`;
    if (project.length === 0) return undefined;
    const body = bodyWithout(pool, ['id']);
    const status = typeof body.status === 'string' ? body.status : 'OPEN';
    body.status = status;
    const [id] = await this.nextIds('pool_ids', 1);
    const row: DataRow = { id: id as string, created: Date.now(), data: JSON.stringify(body) };
    await this.sql`INSERT INTO pools (id, account, project_id, status, created, data)
      VALUES (${row.id}, ${account}, ${pool.project_id}, ${status}, ${row.created}, ${row.data})`;
    return entityFromRow<Pool>(row);
  }

  getPool(account: string, id: string): Promise<Pool | undefined> {
    return this.getData<Pool>('pools', account, id);
  }

  listPools(account: string, query: PoolQuery): Promise<Page<Pool>> {
    return this.dataPage<Pool>('pools', account, query, [
      ['project_id', query.project_id],
      ['status', query.status],
    ]);
  }

  /** The subset of `poolIds` owned by the account. */
  private async ownedPools(db: Db, account: string, poolIds: string[]): Promise<Set<string>> {
    const rows = await db<{ id: string }[]>`
      SELECT id FROM pools WHERE account = ${account} AND id = ANY(${[...new Set(poolIds)]}::text[])`;
    return new Set(rows.map((r) => r.id));
  }

  // ------------------------------------------------------------ tasks

  async createTasks(account: string, tasks: readonly TaskInput[]): Promise<TaskCreateResult[]> {
    if (tasks.length === 0) return [];
    const now = Date.now();
    return this.sql.begin(async (tx) => {
      const owned = await this.ownedPools(
        tx,
        account,
        tasks.map((t) => t.pool_id),
      );
      const clientIds = tasks.flatMap((t) => (t.id === undefined ? [] : [t.id]));
      const existing = new Map<string, DataRow & { pool_id: string }>();
      if (clientIds.length > 0) {
        const rows = await tx<(DataRow & { pool_id: string })[]>`
          SELECT pool_id, id, created, data FROM tasks WHERE account = ${account} AND id = ANY(${clientIds}::text[])`;
        for (const r of rows) existing.set(r.id, r);
      }
      const generated = await this.nextIds(
        'task_ids',
        tasks.filter((t) => t.id === undefined && owned.has(t.pool_id)).length,
        tx,
      );
      let g = 0;
      const fresh: { pool_id: string; id: string; data: string }[] = [];
      const results = tasks.map((t): TaskCreateResult => {
        if (!owned.has(t.pool_id)) return { outcome: 'pool_not_found', message: `pool ${t.pool_id} does not exist` };
        const data = JSON.stringify(bodyWithout(t, ['id']));
        const id = t.id ?? generated[g++] ?? '';
        const old = existing.get(id);
        if (old !== undefined) {
          if (old.data === data) return { outcome: 'existing', task: entityFromRow<Task>(old) };
          return { outcome: 'conflict', message: `task ${id} already exists with different content` };
        }
        const row = { pool_id: t.pool_id, id, created: now, data };
        existing.set(id, row);
        fresh.push(row);
        return { outcome: 'created', task: entityFromRow<Task>(row) };
      });
      await copyRows(
        tx,
        'tasks',
        ['pool_id', 'id', 'account', 'created', 'data'],
        fresh.map((r) => [r.pool_id, r.id, account, now, r.data]),
      );
      return results;
    });
  }

  getTask(account: string, id: string): Promise<Task | undefined> {
    return this.getData<Task>('tasks', account, id);
  }

  listTasks(account: string, query: TaskQuery): Promise<Page<Task>> {
    return this.dataPage<Task>('tasks', account, query, [['pool_id', query.pool_id]]);
  }

  // ------------------------------------------------------------ assignments

  async importAssignments(account: string, assignments: readonly AssignmentInput[]): Promise<AssignmentImportResult[]> {
    if (assignments.length === 0) return [];
    // A concurrent import of the same assignment makes this one roll back;
    // the next attempt sees that import's result and compares against it.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.importAssignmentsOnce(account, assignments);
      } catch (err) {
        if (attempt >= IMPORT_ATTEMPTS || !isImportRace(err)) throw err;
      }
    }
  }

  private importAssignmentsOnce(account: string, assignments: readonly AssignmentInput[]): Promise<AssignmentImportResult[]> {
    const now = Date.now();
    return this.sql.begin(async (tx) => {
      const owned = await this.ownedPools(
        tx,
        account,
        assignments.map((a) => a.pool_id),
      );
      const missingTasks = await this.missingTasks(tx, assignments, owned);
      // No FOR UPDATE (a multi-shard lock under Citus): two concurrent imports of
      // one new id collide on the primary key and one of them rolls back.
      const oldRows = await tx<{ id: string; pool_id: string; data: string }[]>`
        SELECT id, pool_id, data FROM assignments
        WHERE account = ${account} AND id = ANY(${assignments.map((a) => a.id)}::text[])`;
      const current = new Map<string, { pool_id: string; data: string; stored?: string }>(
        oldRows.map((r) => [r.id, { pool_id: r.pool_id, data: r.data, stored: r.data }]),
      );
      const inserts = new Map<string, AssignmentInput & { json: string }>();
      const updates = new Map<string, AssignmentInput & { json: string; stored: string }>();
      const staleAnswers: [string, string, string][] = [];

      const results = assignments.map((a): AssignmentImportResult => {
        if (!owned.has(a.pool_id)) return { outcome: 'pool_not_found', id: a.id, message: `pool ${a.pool_id} does not exist` };
        const missing = a.tasks.find((t) => missingTasks.get(a.pool_id)?.has(t.id) === true);
        if (missing !== undefined) {
          return {
            outcome: 'task_not_found',
            id: a.id,
            message: `task ${missing.id} does not exist in pool ${a.pool_id}`,
          };
        }
        const json = JSON.stringify(bodyWithout(a, []));
        const old = current.get(a.id);
        if (old === undefined) {
          inserts.set(a.id, { ...a, json });
          current.set(a.id, { pool_id: a.pool_id, data: json });
          return { outcome: 'created', id: a.id };
        }
        if (old.pool_id !== a.pool_id) {
          return { outcome: 'conflict', id: a.id, message: `assignment ${a.id} belongs to pool ${old.pool_id}` };
        }
        if (old.data === json) return { outcome: 'unchanged', id: a.id };
        const previous = parseObject(old.data) as unknown as AssignmentInput;
        for (const t of previous.tasks) staleAnswers.push([a.pool_id, t.id, a.id]);
        if (old.stored === undefined) inserts.set(a.id, { ...a, json });
        else updates.set(a.id, { ...a, json, stored: old.stored });
        old.data = json;
        return { outcome: 'updated', id: a.id };
      });

      await this.deleteAnswers(tx, staleAnswers);
      // In key order, as for answers: the indexes are filled page by page.
      const ins = [...inserts.values()].sort((x, y) => compareText(x.pool_id, y.pool_id) || compareText(x.id, y.id));
      await copyRows(
        tx,
        'assignments',
        ['pool_id', 'id', 'account', 'status', 'created', 'data'],
        ins.map((a) => [a.pool_id, a.id, account, a.status, now, a.json]),
      );
      for (const a of updates.values()) {
        // Only over the version read above: an import that changed it in the
        // meantime has also replaced its answers, so this one must start over.
        const done = await tx`UPDATE assignments SET status = ${a.status}, data = ${a.json}
          WHERE pool_id = ${a.pool_id} AND id = ${a.id} AND data = ${a.stored}`;
        if (done.count !== 1) throw new ImportRace(a.id);
      }
      await this.insertAnswers(tx, [...ins, ...updates.values()]);
      return results;
    });
  }

  /**
   * Per pool, the referenced task ids that do not exist (usually none). Ids
   * seen before are not checked again; the rest take one anti-join per pool.
   */
  private async missingTasks(
    tx: Db,
    assignments: readonly AssignmentInput[],
    owned: Set<string>,
  ): Promise<Map<string, Set<string>>> {
    const byPool = new Map<string, Set<string>>();
    for (const a of assignments) {
      if (!owned.has(a.pool_id)) continue;
      let ids = byPool.get(a.pool_id);
      if (ids === undefined) byPool.set(a.pool_id, (ids = new Set()));
      for (const t of a.tasks) if (!this.knownTasks.has(a.pool_id, t.id)) ids.add(t.id);
    }
    const missing = new Map<string, Set<string>>();
    for (const [poolId, ids] of byPool) {
      if (ids.size === 0) continue;
      const rows = await tx<{ id: string }[]>`
        SELECT x.id FROM unnest(${[...ids].sort(compareText)}::text[]) AS x(id)
        WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.pool_id = ${poolId} AND t.id = x.id)`;
      const absent = new Set(rows.map((r) => r.id));
      if (absent.size > 0) missing.set(poolId, absent);
      this.knownTasks.add(poolId, absent.size === 0 ? ids : [...ids].filter((id) => !absent.has(id)));
    }
    return missing;
  }

  private async deleteAnswers(tx: Db, keys: [string, string, string][]): Promise<void> {
    for (let i = 0; i < keys.length; i += BULK_ROWS) {
      const part = keys.slice(i, i + BULK_ROWS);
      await tx`DELETE FROM answers a USING unnest(
          ${part.map((k) => k[0])}::text[], ${part.map((k) => k[1])}::text[], ${part.map((k) => k[2])}::text[]) AS x(p, t, s)
        WHERE a.pool_id = x.p AND a.task_id = x.t AND a.assignment_id = x.s`;
    }
  }

  /**
   * Answer rows of the assignments (their old rows must be deleted first),
   * written as COPY lines sorted by (pool_id, task_id, assignment_id) so the
   * task index is filled page by page. Each line starts with
   * the key fields, each followed by a tab, so string order is key order
   * (ids with escapes or control characters may sort a little off, which
   * only costs speed).
   */
  private async insertAnswers(tx: Db, assignments: AssignmentInput[]): Promise<void> {
    const lines: string[] = [];
    const outputs = new Map<string, string>();
    for (const a of assignments) {
      const pool = copyField(a.pool_id);
      const rest = `\t${copyField(a.id)}\t${copyField(a.user_id)}\t${copyField(a.status)}\t`;
      // A task listed twice in one assignment keeps its last solution (as SQLite's REPLACE does).
      const last = new Map<string, number>();
      a.tasks.forEach((t, k) => last.set(t.id, k));
      for (const [taskId, k] of last) {
        const solution = a.solutions[k];
        if (solution === undefined) continue;
        lines.push(`${pool}\t${copyField(taskId)}${rest}${copyField(outputJson(solution.output_values, outputs))}\n`);
      }
    }
    lines.sort();
    await copyLines(tx, 'answers', ['pool_id', 'task_id', 'assignment_id', 'user_id', 'status', 'output_values'], lines);
  }

  getAssignment(account: string, id: string): Promise<Assignment | undefined> {
    return this.getData<Assignment>('assignments', account, id);
  }

  listAssignments(account: string, query: AssignmentQuery): Promise<Page<Assignment>> {
    return this.dataPage<Assignment>('assignments', account, query, [
      ['pool_id', query.pool_id],
      ['status', query.status],
    ]);
  }

  // ------------------------------------------------------------ aggregation reads

  async getTaskForAggregation(account: string, poolId: string, taskId: string): Promise<TaskForAggregation | undefined> {
    if (impossibleKey(account, poolId, taskId)) return undefined;
    // One round trip: the task row joined with its accepted answers (the task
    // columns repeat on each answer row; a task without answers gives one row).
    const rows = await this.sql<(DataRow & { user_id: string | null; output_values: string | null })[]>`
      SELECT t.id, t.created, t.data, a.user_id, a.output_values
      FROM tasks t
      LEFT JOIN answers a ON a.pool_id = t.pool_id AND a.task_id = t.id AND a.status = 'ACCEPTED'
      WHERE t.pool_id = ${poolId} AND t.id = ${taskId} AND t.account = ${account}
      ORDER BY a.assignment_id`;
    const first = rows[0];
    if (first === undefined) return undefined;
    const answers: Answer[] = [];
    for (const r of rows) {
      if (r.user_id !== null && r.output_values !== null) {
        answers.push({ user_id: r.user_id, output_values: parseObject(r.output_values) });
      }
    }
    return { task: entityFromRow<Task>(first), answers };
  }

  async *poolAnswers(account: string, poolId: string, chunkSize = 10_000): AsyncIterable<PoolAnswer[]> {
    if (impossibleKey(account, poolId)) return;
    if ((await this.ownedPools(this.sql, account, [poolId])).size === 0) return;
    // The task index yields each task's answers in storage order; the
    // incremental sort by assignment runs in the database, beside the
    // parsing here (as fast over 10M answers as the former unique key).
    const cursor = this.sql<{ task_id: string; user_id: string; output_values: string }[]>`
      SELECT task_id, user_id, output_values FROM answers
      WHERE pool_id = ${poolId} AND status = 'ACCEPTED' ORDER BY task_id, assignment_id`.cursor(chunkSize);
    const values = new SharedObjectParser();
    for await (const rows of cursor) {
      yield rows.map((r) => ({ task_id: r.task_id, user_id: r.user_id, output_values: values.parse(r.output_values) }));
    }
  }

  // ------------------------------------------------------------ operations

  private async opRow(db: Db, account: string, id: string): Promise<OperationRow | undefined> {
    const rows = await db.unsafe(`SELECT ${OP_COLUMNS} FROM operations WHERE account = $1 AND id = $2`, [account, id]);
    return rows[0] as OperationRow | undefined;
  }

  async createOperation(account: string, input: OperationInput): Promise<OperationCreateResult> {
    const now = Date.now();
    return this.sql.begin(async (tx) => {
      // Serialise creations per account so the dedupe check and insert are atomic.
      await tx`SELECT pg_advisory_xact_lock(hashtext('crowdagg.operations:' || ${account}))`;
      if (input.id !== undefined) {
        const row = await this.opRow(tx, account, input.id);
        if (row !== undefined) return { operation: operationFromRow(row), created: false };
      }
      if (input.dedupeKey !== undefined) {
        const since = now - (input.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS);
        const rows = await tx.unsafe(
          `SELECT ${OP_COLUMNS} FROM operations WHERE account = $1 AND dedupe_key = $2
             AND status IN ('PENDING', 'RUNNING') AND submitted >= $3 ORDER BY submitted DESC LIMIT 1`,
          [account, input.dedupeKey, since],
        );
        const dup = rows[0] as OperationRow | undefined;
        if (dup !== undefined) return { operation: operationFromRow(dup), created: false };
      }
      let id = input.id ?? timeOrderedUuid(now);
      if (input.id !== undefined && (await tx`SELECT 1 FROM operations WHERE id = ${input.id}`).length > 0) {
        id = timeOrderedUuid(now);
      }
      const fin = input.finished;
      const rows = await tx.unsafe(
        `INSERT INTO operations (id, account, type, status, pool_id, submitted, started, finished, progress,
           parameters, details, log, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING ${OP_COLUMNS}`,
        [
          id,
          account,
          input.type,
          fin?.status ?? 'PENDING',
          input.pool_id ?? poolIdOf(input.parameters) ?? '',
          now,
          fin === undefined ? null : now,
          fin === undefined ? null : now,
          fin === undefined ? 0 : 100,
          JSON.stringify(input.parameters),
          JSON.stringify(fin?.details ?? {}),
          fin?.log === undefined ? null : JSON.stringify(fin.log),
          input.dedupeKey ?? null,
        ],
      );
      return { operation: operationFromRow(rows[0] as unknown as OperationRow), created: true };
    });
  }

  async getOperation(account: string, id: string): Promise<Operation | undefined> {
    if (impossibleKey(account, id)) return undefined;
    const row = await this.opRow(this.sql, account, id);
    return row === undefined ? undefined : operationFromRow(row);
  }

  async listOperations(account: string, query: OperationQuery): Promise<Page<Operation>> {
    const q = new Query(`SELECT ${OP_COLUMNS} FROM operations`);
    const where = [`account = ${q.p(account)}`];
    if (query.type !== undefined) where.push(`type = ${q.p(query.type)}`);
    if (query.status !== undefined) where.push(`status = ${q.p(query.status)}`);
    const { rows, limit } = await this.page<OperationRow>(q, where, 'id', idRange(query));
    return toPage(rows.map(operationFromRow), limit);
  }

  async getOperationLog(account: string, id: string): Promise<OperationLogEntry[] | undefined> {
    if (impossibleKey(account, id)) return undefined;
    const rows = await this.sql<{ log: string | null }[]>`SELECT log FROM operations WHERE account = ${account} AND id = ${id}`;
    const row = rows[0];
    if (row === undefined) return undefined;
    return row.log === null ? [] : (JSON.parse(row.log) as OperationLogEntry[]);
  }

  async claimOperation(owner: string, leaseMs: number, options: ClaimOptions = {}): Promise<ClaimedOperation | undefined> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const types = options.types ?? null;
    return this.sql.begin(async (tx) => {
      const exhausted = await tx<{ id: string; attempts: number; details: string }[]>`
        SELECT id, attempts, details FROM operations
        WHERE status IN ('PENDING', 'RUNNING') AND status = 'RUNNING' AND lease_expires < now_ms() AND attempts >= ${maxAttempts}
        FOR UPDATE SKIP LOCKED`;
      for (const e of exhausted) {
        const details = JSON.stringify({ ...parseObject(e.details), reason: abandonedReason(e.attempts) });
        await tx`UPDATE operations SET status = 'FAIL', finished = now_ms(), details = ${details},
          lease_owner = NULL, lease_expires = NULL WHERE id = ${e.id}`;
      }
      const rows = await tx<(OperationRow & { account: string; attempts: number })[]>`
        UPDATE operations o SET status = 'RUNNING', started = COALESCE(o.started, now_ms()), lease_owner = ${owner},
          lease_expires = now_ms() + ${leaseMs}, attempts = o.attempts + 1
        FROM (
          SELECT id FROM operations
          WHERE status IN ('PENDING', 'RUNNING')
            AND (status = 'PENDING' OR lease_expires < now_ms())
            AND (${types}::text[] IS NULL OR type = ANY(${types}::text[]))
          ORDER BY submitted, id LIMIT 1
          FOR UPDATE SKIP LOCKED
        ) c
        WHERE o.id = c.id
        RETURNING o.id, o.type, o.status, o.submitted, o.started, o.finished, o.progress, o.parameters, o.details,
          o.account, o.attempts`;
      const row = rows[0];
      if (row === undefined) return undefined;
      return { operation: operationFromRow(row), account: row.account, attempt: row.attempts };
    });
  }

  async renewLease(id: string, owner: string, leaseMs: number, progress: number): Promise<boolean> {
    const res = await this.sql`UPDATE operations SET lease_expires = now_ms() + ${leaseMs}, progress = ${clampProgress(progress)}
      WHERE id = ${id} AND lease_owner = ${owner} AND status = 'RUNNING'`;
    return res.count === 1;
  }

  async releaseOperation(id: string, owner: string, progress: number): Promise<boolean> {
    const res = await this.sql`UPDATE operations
      SET lease_owner = NULL, lease_expires = 0, attempts = GREATEST(attempts - 1, 0), progress = ${clampProgress(progress)}
      WHERE id = ${id} AND lease_owner = ${owner} AND status = 'RUNNING'`;
    return res.count === 1;
  }

  async completeOperation(
    id: string,
    owner: string,
    results: Iterable<AggregatedSolution> | AsyncIterable<AggregatedSolution>,
    details?: JsonObject,
  ): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const held = await tx<{ details: string; pool_id: string }[]>`SELECT details, pool_id FROM operations
        WHERE id = ${id} AND lease_owner = ${owner} AND status = 'RUNNING' FOR UPDATE`;
      const row = held[0];
      if (row === undefined) return false;
      // Results are keyed (and distributed) by the operation's pool.
      const poolId = row.pool_id;
      // One COPY for all results, fed as the aggregator yields them.
      async function* rows(): AsyncGenerator<(string | number)[]> {
        for await (const r of results) yield [poolId, id, r.task_id, r.confidence, JSON.stringify(r.output_values)];
      }
      await copyRows(tx, 'aggregated_solutions', ['pool_id', 'operation_id', 'task_id', 'confidence', 'output_values'], rows());
      const merged = JSON.stringify({ ...parseObject(row.details), ...details });
      await tx`UPDATE operations SET status = 'SUCCESS', progress = 100, finished = ${Date.now()}, details = ${merged},
        lease_owner = NULL, lease_expires = NULL WHERE id = ${id}`;
      return true;
    });
  }

  async failOperation(id: string, owner: string, reason: string): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const held = await tx<{ details: string }[]>`SELECT details FROM operations
        WHERE id = ${id} AND lease_owner = ${owner} AND status = 'RUNNING' FOR UPDATE`;
      const row = held[0];
      if (row === undefined) return false;
      const details = JSON.stringify({ ...parseObject(row.details), reason });
      await tx`UPDATE operations SET status = 'FAIL', finished = ${Date.now()}, details = ${details},
        lease_owner = NULL, lease_expires = NULL WHERE id = ${id}`;
      return true;
    });
  }

  async listAggregatedSolutions(
    account: string,
    operationId: string,
    query: SolutionQuery,
  ): Promise<Page<AggregatedSolution> | undefined> {
    if (impossibleKey(account, operationId)) return undefined;
    const ops = await this.sql<{ pool_id: string }[]>`SELECT pool_id FROM operations
      WHERE account = ${account} AND id = ${operationId}`;
    const op = ops[0];
    if (op === undefined) return undefined;
    const q = new Query('SELECT pool_id, task_id, confidence, output_values FROM aggregated_solutions');
    const where = [`pool_id = ${q.p(op.pool_id)}`, `operation_id = ${q.p(operationId)}`];
    const { rows, limit } = await this.page<{ pool_id: string; task_id: string; confidence: number; output_values: string }>(
      q,
      where,
      'task_id',
      taskIdRange(query),
    );
    const items = rows.map((r) => ({
      pool_id: r.pool_id,
      task_id: r.task_id,
      confidence: r.confidence,
      output_values: parseObject(r.output_values),
    }));
    return toPage(items, limit);
  }
}
