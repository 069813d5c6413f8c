/**
 * SQLite adapter of {@link Store} (better-sqlite3): WAL, `synchronous=NORMAL`,
 * a busy timeout so several processes can share one file, versioned
 * migrations and cached prepared statements. better-sqlite3 is synchronous;
 * every method runs to completion before yielding, so one transaction never
 * interleaves with another request's statements.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import {
  clampProgress,
  entityFromRow,
  userSkillFromRow,
  DEFAULT_DEDUPE_WINDOW_MS,
  SharedObjectParser,
  DEFAULT_MAX_ATTEMPTS,
  abandonedReason,
  bodyWithout,
  collect,
  compareAnswerRows,
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
import { migrateSqlite } from './sqlite-migrations.js';
import { outputJson } from './output-json.js';
import type {
  AggregatedSolution,
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

type Param = string | number | null;

/** An `answers` row: pool_id, task_id, assignment_id, user_id, status, output_values. */
type AnswerRow = [string, string, string, string, string, string];

/** Rows per multi-row INSERT into `answers` (6 parameters each, well under SQLite's limit). */
const ANSWERS_PER_STATEMENT = 500;

/** WAL bytes between automatic checkpoints (256 MiB). */
const WAL_CHECKPOINT_BYTES = 256 * 1024 * 1024;

/** A map key for one task of a pool (NUL cannot occur in SQLite-bound text keys of ours). */
function answerKey(poolId: string, taskId: string): string {
  return `${poolId}\u0000${taskId}`;
}

/** The answer rows of an assignment (one per task that has a solution). */
function answerRows(a: AssignmentInput, seen: Map<string, string>): AnswerRow[] {
  const rows: AnswerRow[] = [];
  a.tasks.forEach((t, k) => {
    const solution = a.solutions[k];
    if (solution !== undefined) {
      rows.push([a.pool_id, t.id, a.id, a.user_id, a.status, outputJson(solution.output_values, seen)]);
    }
  });
  return rows;
}

interface ClaimRow extends OperationRow {
  account: string;
  attempts: number;
}

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /** Milliseconds a writer waits for another process's lock (default 5000). */
  busyTimeoutMs?: number;
}

/** An equality filter on a column; skipped when the value is undefined. */
type Filter = [column: string, value: string | undefined];

/** `column = ?` conditions and their parameters for the defined filters. */
function equalities(filters: Filter[]): { where: string[]; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  for (const [column, value] of filters) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  return { where, params };
}

/** The SQLite implementation of {@link Store}. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Db;
  private readonly statements = new Map<string, Statement>();

  /** Opens (creating if needed) the database file and applies migrations. */
  constructor(file: string, options: SqliteStoreOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // Before WAL, so it applies to a new file (an existing one keeps its size).
    // Large pages (64 KiB, SQLite's largest): an import for random tasks dirties
    // fewer pages per answer, and a pool's answers stream from fewer pages.
    this.db.pragma('page_size = 65536');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('cache_size = -262144'); // 256 MiB of page cache for bulk imports
    this.db.pragma('mmap_size = 1073741824'); // read pages through the OS cache, not copies
    // Checkpoint every 256 MiB of WAL instead of 4 MiB: pages dirtied by several
    // imports are copied back once; the file is truncated to 64 MiB afterwards.
    // Counted in pages of this file's size (older files keep 16 KiB or 4 KiB).
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    this.db.pragma(`wal_autocheckpoint = ${Math.round(WAL_CHECKPOINT_BYTES / pageSize)}`);
    this.db.pragma('journal_size_limit = 67108864');
    this.db.pragma('temp_store = MEMORY');
    migrateSqlite(this.db);
  }

  migrate(): Promise<number[]> {
    return Promise.resolve(migrateSqlite(this.db));
  }

  close(): Promise<void> {
    this.statements.clear();
    this.db.close();
    return Promise.resolve();
  }

  /** A cached prepared statement. */
  private st(sql: string): Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Reserves `n` consecutive ids of a counter and returns the first number. */
  private allocate(counter: string, n: number): number {
    const row = this.st('UPDATE id_counters SET value = value + ? WHERE name = ? RETURNING value').get(n, counter) as {
      value: number;
    };
    return row.value - n + 1;
  }

  /** Keyset page over `key` with extra `where` conditions (all ANDed). */
  private page<R>(
    select: string,
    where: string[],
    params: Param[],
    key: string,
    range: KeyRange,
  ): { rows: R[]; limit: number } {
    const conds = [...where];
    const args = [...params];
    for (const [op, value] of rangeBounds(range)) {
      conds.push(`${key} ${op} ?`);
      args.push(value);
    }
    const sql = `${select} WHERE ${conds.join(' AND ')} ORDER BY ${key} ${range.desc ? 'DESC' : 'ASC'} LIMIT ?`;
    args.push(range.limit + 1);
    return { rows: this.st(sql).all(...args) as R[], limit: range.limit };
  }

  private dataPage<T>(table: string, account: string, query: IdPageQuery, filters: Filter[] = []) {
    const { where, params } = equalities([['account', account], ...filters]);
    const { rows, limit } = this.page<DataRow>(`SELECT id, created, data FROM ${table}`, where, params, 'id', idRange(query));
    return toPage(rows.map((r) => entityFromRow<T>(r)), limit);
  }

  private getData<T>(table: string, account: string, id: string): T | undefined {
    const row = this.st(`SELECT id, created, data FROM ${table} WHERE account = ? AND id = ?`).get(account, id) as
      | DataRow
      | undefined;
    return row === undefined ? undefined : entityFromRow<T>(row);
  }

  /** Inserts a body into an `(id, account, created, data)` table under a new id. */
  private insertData<T>(table: 'skills' | 'projects', account: string, body: JsonObject): T {
    const row: DataRow = { id: '', created: Date.now(), data: JSON.stringify(bodyWithout(body, ['id'])) };
    this.db.transaction(() => {
      row.id = padId(this.allocate(table, 1));
      this.st(`INSERT INTO ${table} (id, account, created, data) VALUES (?, ?, ?, ?)`).run(row.id, account, row.created, row.data);
    }).immediate();
    return entityFromRow<T>(row);
  }

  // ------------------------------------------------------------ skills

  createSkill(account: string, skill: JsonObject & { name: string }): Promise<Skill> {
    return Promise.resolve(this.insertData<Skill>('skills', account, skill));
  }

  getSkill(account: string, id: string): Promise<Skill | undefined> {
    return Promise.resolve(this.getData<Skill>('skills', account, id));
  }

  listSkills(account: string, query: IdPageQuery): Promise<Page<Skill>> {
    return Promise.resolve(this.dataPage<Skill>('skills', account, query));
  }

  // ------------------------------------------------------------ user skills

  setUserSkill(account: string, input: UserSkillInput): Promise<UserSkill | undefined> {
    const now = Date.now();
    const row = this.db.transaction(() => {
      if (this.st('SELECT 1 FROM skills WHERE account = ? AND id = ?').get(account, input.skill_id) === undefined) {
        return undefined;
      }
      const existing = this.st('SELECT id FROM user_skills WHERE account = ? AND skill_id = ? AND user_id = ?').get(
        account,
        input.skill_id,
        input.user_id,
      ) as { id: string } | undefined;
      if (existing === undefined) {
        const id = padId(this.allocate('user_skills', 1));
        this.st(
          'INSERT INTO user_skills (id, account, skill_id, user_id, exact_value, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(id, account, input.skill_id, input.user_id, input.value, now, now);
        return id;
      }
      this.st('UPDATE user_skills SET exact_value = ?, modified = ? WHERE id = ?').run(input.value, now, existing.id);
      return existing.id;
    }).immediate();
    return row === undefined ? Promise.resolve(undefined) : this.getUserSkill(account, row);
  }

  getUserSkill(account: string, id: string): Promise<UserSkill | undefined> {
    const row = this.st(
      'SELECT id, skill_id, user_id, exact_value, created, modified FROM user_skills WHERE account = ? AND id = ?',
    ).get(account, id) as UserSkillRow | undefined;
    return Promise.resolve(row === undefined ? undefined : userSkillFromRow(row));
  }

  listUserSkills(account: string, query: UserSkillQuery): Promise<Page<UserSkill>> {
    const { where, params } = equalities([
      ['account', account],
      ['skill_id', query.skill_id],
      ['user_id', query.user_id],
    ]);
    const { rows, limit } = this.page<UserSkillRow>(
      'SELECT id, skill_id, user_id, exact_value, created, modified FROM user_skills',
      where,
      params,
      'id',
      idRange(query),
    );
    return Promise.resolve(toPage(rows.map(userSkillFromRow), limit));
  }

  userSkillValues(account: string, skillId: string, userIds: readonly string[]): Promise<Map<string, number>> {
    const rows = this.st(
      'SELECT user_id, exact_value FROM user_skills WHERE account = ? AND skill_id = ? AND user_id IN (SELECT value FROM json_each(?))',
    ).all(account, skillId, JSON.stringify(userIds)) as { user_id: string; exact_value: number }[];
    return Promise.resolve(new Map(rows.map((r) => [r.user_id, r.exact_value])));
  }

  // ------------------------------------------------------------ projects, pools

  createProject(account: string, project: JsonObject): Promise<Project> {
    return Promise.resolve(this.insertData<Project>('projects', account, project));
  }

  getProject(account: string, id: string): Promise<Project | undefined> {
    return Promise.resolve(this.getData<Project>('projects', account, id));
  }

  listProjects(account: string, query: IdPageQuery): Promise<Page<Project>> {
    return Promise.resolve(this.dataPage<Project>('projects', account, query));
  }

  createPool(account: string, pool: JsonObject & { project_id: string }): Promise<Pool | undefined> {
    const now = Date.now();
    const body = bodyWithout(pool, ['id']);
    const status = typeof body.status === 'string' ? body.status : 'OPEN';
    body.status = status;
    const id = this.db.transaction(() => {
      if (this.st('SELECT 1 FROM projects WHERE account = ? AND id = ?').get(account, pool.project_id) === undefined) {
        return undefined;
      }
      const newId = padId(this.allocate('pools', 1));
      this.st('INSERT INTO pools (id, account, project_id, status, created, data) VALUES (?, ?, ?, ?, ?, ?)').run(
        newId,
        account,
        pool.project_id,
        status,
        now,
        JSON.stringify(body),
      );
      return newId;
    }).immediate();
    return Promise.resolve(id === undefined ? undefined : this.getData<Pool>('pools', account, id));
  }

  getPool(account: string, id: string): Promise<Pool | undefined> {
    return Promise.resolve(this.getData<Pool>('pools', account, id));
  }

  listPools(account: string, query: PoolQuery): Promise<Page<Pool>> {
    const filters: Filter[] = [
      ['project_id', query.project_id],
      ['status', query.status],
    ];
    return Promise.resolve(this.dataPage<Pool>('pools', account, query, filters));
  }

  private ownsPool(account: string, poolId: string): boolean {
    return this.st('SELECT 1 FROM pools WHERE account = ? AND id = ?').get(account, poolId) !== undefined;
  }

  // ------------------------------------------------------------ tasks

  createTasks(account: string, tasks: readonly TaskInput[]): Promise<TaskCreateResult[]> {
    const now = Date.now();
    const results = this.db.transaction((): TaskCreateResult[] => {
      const pools = new Map<string, boolean>();
      const generated = tasks.filter((t) => t.id === undefined).length;
      let next = generated > 0 ? this.allocate('tasks', generated) : 0;
      const insert = this.st('INSERT INTO tasks (pool_id, id, account, created, data) VALUES (?, ?, ?, ?, ?)');
      const find = this.st('SELECT pool_id, id, created, data FROM tasks WHERE account = ? AND id = ?');
      return tasks.map((t): TaskCreateResult => {
        let owned = pools.get(t.pool_id);
        if (owned === undefined) {
          owned = this.ownsPool(account, t.pool_id);
          pools.set(t.pool_id, owned);
        }
        if (!owned) return { outcome: 'pool_not_found', message: `pool ${t.pool_id} does not exist` };
        const data = JSON.stringify(bodyWithout(t, ['id']));
        if (t.id === undefined) {
          const id = padId(next++);
          insert.run(t.pool_id, id, account, now, data);
          return { outcome: 'created', task: entityFromRow<Task>({ id, created: now, data }) };
        }
        const old = find.get(account, t.id) as (DataRow & { pool_id: string }) | undefined;
        if (old === undefined) {
          insert.run(t.pool_id, t.id, account, now, data);
          return { outcome: 'created', task: entityFromRow<Task>({ id: t.id, created: now, data }) };
        }
        if (old.data === data) return { outcome: 'existing', task: entityFromRow<Task>(old) };
        return { outcome: 'conflict', message: `task ${t.id} already exists with different content` };
      });
    }).immediate();
    return Promise.resolve(results);
  }

  getTask(account: string, id: string): Promise<Task | undefined> {
    return Promise.resolve(this.getData<Task>('tasks', account, id));
  }

  listTasks(account: string, query: TaskQuery): Promise<Page<Task>> {
    return Promise.resolve(this.dataPage<Task>('tasks', account, query, [['pool_id', query.pool_id]]));
  }

  // ------------------------------------------------------------ assignments

  importAssignments(account: string, assignments: readonly AssignmentInput[]): Promise<AssignmentImportResult[]> {
    const now = Date.now();
    const results = this.db.transaction((): AssignmentImportResult[] => {
      const pools = new Map<string, boolean>();
      for (const a of assignments) {
        if (!pools.has(a.pool_id)) pools.set(a.pool_id, this.ownsPool(account, a.pool_id));
      }
      const missing = this.missingTasks(assignments, pools);
      const find = this.st('SELECT pool_id, data FROM assignments WHERE account = ? AND id = ?');
      const insert = this.st(
        'INSERT INTO assignments (pool_id, id, account, status, created, data) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const update = this.st('UPDATE assignments SET status = ?, data = ? WHERE pool_id = ? AND id = ?');
      const delAnswer = this.st('DELETE FROM answers WHERE pool_id = ? AND task_id = ? AND assignment_id = ?');
      // Answers of this batch by assignment id, written at the end in key order.
      const pending = new Map<string, AnswerRow[]>();
      const outputs = new Map<string, string>();
      const out = assignments.map((a): AssignmentImportResult => {
        if (pools.get(a.pool_id) !== true) {
          return { outcome: 'pool_not_found', id: a.id, message: `pool ${a.pool_id} does not exist` };
        }
        const absent = a.tasks.find((t) => missing.has(answerKey(a.pool_id, t.id)));
        if (absent !== undefined) {
          return { outcome: 'task_not_found', id: a.id, message: `task ${absent.id} does not exist in pool ${a.pool_id}` };
        }
        const data = JSON.stringify('created' in a ? bodyWithout(a, []) : a);
        const old = find.get(account, a.id) as { pool_id: string; data: string } | undefined;
        let outcome: 'created' | 'updated' = 'created';
        if (old !== undefined) {
          if (old.pool_id !== a.pool_id) {
            return { outcome: 'conflict', id: a.id, message: `assignment ${a.id} belongs to pool ${old.pool_id}` };
          }
          if (old.data === data) return { outcome: 'unchanged', id: a.id };
          if (!pending.has(a.id)) {
            const previous = parseObject(old.data) as unknown as AssignmentInput;
            for (const t of previous.tasks) delAnswer.run(a.pool_id, t.id, a.id);
          }
          update.run(a.status, data, a.pool_id, a.id);
          outcome = 'updated';
        } else {
          insert.run(a.pool_id, a.id, account, a.status, now, data);
        }
        pending.set(a.id, answerRows(a, outputs));
        return { outcome, id: a.id };
      });
      this.insertAnswers([...pending.values()].flat());
      return out;
    }).immediate();
    return Promise.resolve(results);
  }

  /**
   * Keys (`answerKey`) of the referenced tasks that do not exist in their
   * (owned) pool. One counting query per pool over the distinct ids in key
   * order; only when some are missing, one lookup per id finds which.
   */
  private missingTasks(assignments: readonly AssignmentInput[], pools: ReadonlyMap<string, boolean>): Set<string> {
    const byPool = new Map<string, Set<string>>();
    for (const a of assignments) {
      if (pools.get(a.pool_id) !== true) continue;
      let ids = byPool.get(a.pool_id);
      if (ids === undefined) byPool.set(a.pool_id, (ids = new Set()));
      for (const t of a.tasks) ids.add(t.id);
    }
    const count = this.st(
      'SELECT count(*) FROM tasks WHERE pool_id = ? AND id IN (SELECT value FROM json_each(?))',
    ).pluck();
    const exists = this.st('SELECT 1 FROM tasks WHERE pool_id = ? AND id = ?').pluck();
    const missing = new Set<string>();
    for (const [poolId, set] of byPool) {
      const ids = [...set].sort(compareText);
      if (count.get(poolId, JSON.stringify(ids)) === ids.length) continue;
      for (const id of ids) if (exists.get(poolId, id) === undefined) missing.add(answerKey(poolId, id));
    }
    return missing;
  }

  /**
   * Writes answer rows sorted by the table's key, several rows per statement:
   * rows for random tasks then fill the B-tree page by page instead of
   * jumping across it once per row.
   */
  private insertAnswers(rows: AnswerRow[]): void {
    rows.sort(compareAnswerRows);
    const sql = (n: number): string =>
      'INSERT OR REPLACE INTO answers (pool_id, task_id, assignment_id, user_id, status, output_values) VALUES ' +
      Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
    const many = this.st(sql(ANSWERS_PER_STATEMENT));
    const one = this.st(sql(1));
    // One parameter array reused for every full statement: no per-chunk garbage.
    const params: string[] = new Array<string>(ANSWERS_PER_STATEMENT * 6);
    let i = 0;
    for (; i + ANSWERS_PER_STATEMENT <= rows.length; i += ANSWERS_PER_STATEMENT) {
      let p = 0;
      for (let r = i; r < i + ANSWERS_PER_STATEMENT; r += 1) {
        for (const value of rows[r] as AnswerRow) params[p++] = value;
      }
      many.run(params);
    }
    for (; i < rows.length; i += 1) one.run(rows[i]);
  }

  getAssignment(account: string, id: string): Promise<Assignment | undefined> {
    return Promise.resolve(this.getData<Assignment>('assignments', account, id));
  }

  listAssignments(account: string, query: AssignmentQuery): Promise<Page<Assignment>> {
    const filters: Filter[] = [
      ['pool_id', query.pool_id],
      ['status', query.status],
    ];
    return Promise.resolve(this.dataPage<Assignment>('assignments', account, query, filters));
  }

  // ------------------------------------------------------------ aggregation reads

  getTaskForAggregation(account: string, poolId: string, taskId: string): Promise<TaskForAggregation | undefined> {
    const row = this.st('SELECT id, created, data FROM tasks WHERE pool_id = ? AND id = ? AND account = ?').get(
      poolId,
      taskId,
      account,
    ) as DataRow | undefined;
    if (row === undefined) return Promise.resolve(undefined);
    const answers = this.st(
      "SELECT user_id, output_values FROM answers WHERE pool_id = ? AND task_id = ? AND status = 'ACCEPTED' ORDER BY assignment_id",
    ).all(poolId, taskId) as { user_id: string; output_values: string }[];
    return Promise.resolve({
      task: entityFromRow<Task>(row),
      answers: answers.map((a) => ({ user_id: a.user_id, output_values: parseObject(a.output_values) })),
    });
  }

  async *poolAnswers(account: string, poolId: string, chunkSize = 10_000): AsyncIterable<PoolAnswer[]> {
    if (!this.ownsPool(account, poolId)) return;
    const first = this.st(
      "SELECT task_id, assignment_id, user_id, output_values FROM answers WHERE pool_id = ? AND status = 'ACCEPTED' ORDER BY task_id, assignment_id LIMIT ?",
    );
    const next = this.st(
      "SELECT task_id, assignment_id, user_id, output_values FROM answers WHERE pool_id = ? AND status = 'ACCEPTED' AND (task_id, assignment_id) > (?, ?) ORDER BY task_id, assignment_id LIMIT ?",
    );
    type Row = { task_id: string; assignment_id: string; user_id: string; output_values: string };
    const values = new SharedObjectParser();
    let rows = first.all(poolId, chunkSize) as Row[];
    while (rows.length > 0) {
      yield rows.map((r) => ({ task_id: r.task_id, user_id: r.user_id, output_values: values.parse(r.output_values) }));
      if (rows.length < chunkSize) return;
      const last = rows[rows.length - 1] as Row;
      await yieldToEventLoop(); // let other requests run between chunks
      rows = next.all(poolId, last.task_id, last.assignment_id, chunkSize) as Row[];
    }
  }

  // ------------------------------------------------------------ operations

  private static readonly OP_COLUMNS =
    'id, type, status, submitted, started, finished, progress, parameters, details';

  private opRow(account: string, id: string): OperationRow | undefined {
    return this.st(`SELECT ${SqliteStore.OP_COLUMNS} FROM operations WHERE account = ? AND id = ?`).get(account, id) as
      | OperationRow
      | undefined;
  }

  createOperation(account: string, input: OperationInput): Promise<OperationCreateResult> {
    const now = Date.now();
    const result = this.db.transaction((): { id: string; created: boolean } => {
      if (input.id !== undefined && this.opRow(account, input.id) !== undefined) {
        return { id: input.id, created: false };
      }
      if (input.dedupeKey !== undefined) {
        const window = input.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS;
        const dup = this.st(
          "SELECT id FROM operations WHERE account = ? AND dedupe_key = ? AND status IN ('PENDING', 'RUNNING') AND submitted >= ? ORDER BY submitted DESC LIMIT 1",
        ).get(account, input.dedupeKey, now - window) as { id: string } | undefined;
        if (dup !== undefined) return { id: dup.id, created: false };
      }
      const taken =
        input.id !== undefined && this.st('SELECT 1 FROM operations WHERE id = ?').get(input.id) !== undefined;
      const id = input.id !== undefined && !taken ? input.id : timeOrderedUuid(now);
      const fin = input.finished;
      this.st(
        `INSERT INTO operations (id, account, type, status, pool_id, submitted, started, finished, progress,
           parameters, details, log, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        account,
        input.type,
        fin?.status ?? 'PENDING',
        input.pool_id ?? poolIdOf(input.parameters) ?? null,
        now,
        fin === undefined ? null : now,
        fin === undefined ? null : now,
        fin === undefined ? 0 : 100,
        JSON.stringify(input.parameters),
        JSON.stringify(fin?.details ?? {}),
        fin?.log === undefined ? null : JSON.stringify(fin.log),
        input.dedupeKey ?? null,
      );
      return { id, created: true };
    }).immediate();
    const row = this.opRow(account, result.id) as OperationRow;
    return Promise.resolve({ operation: operationFromRow(row), created: result.created });
  }

  getOperation(account: string, id: string): Promise<Operation | undefined> {
    const row = this.opRow(account, id);
    return Promise.resolve(row === undefined ? undefined : operationFromRow(row));
  }

  listOperations(account: string, query: OperationQuery): Promise<Page<Operation>> {
    const { where, params } = equalities([
      ['account', account],
      ['type', query.type],
      ['status', query.status],
    ]);
    const { rows, limit } = this.page<OperationRow>(
      `SELECT ${SqliteStore.OP_COLUMNS} FROM operations`,
      where,
      params,
      'id',
      idRange(query),
    );
    return Promise.resolve(toPage(rows.map(operationFromRow), limit));
  }

  getOperationLog(account: string, id: string): Promise<OperationLogEntry[] | undefined> {
    const row = this.st('SELECT log FROM operations WHERE account = ? AND id = ?').get(account, id) as
      | { log: string | null }
      | undefined;
    if (row === undefined) return Promise.resolve(undefined);
    return Promise.resolve(row.log === null ? [] : (JSON.parse(row.log) as OperationLogEntry[]));
  }

  claimOperation(owner: string, leaseMs: number, options: ClaimOptions = {}): Promise<ClaimedOperation | undefined> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const types = options.types === undefined ? null : JSON.stringify(options.types);
    const claimed = this.db.transaction((): ClaimRow | undefined => {
      const now = Date.now();
      const expired = this.st(
        "SELECT id, attempts, details FROM operations WHERE status IN ('PENDING', 'RUNNING') AND status = 'RUNNING' AND lease_expires < ? AND attempts >= ?",
      ).all(now, maxAttempts) as { id: string; attempts: number; details: string }[];
      for (const e of expired) {
        const details = JSON.stringify({ ...parseObject(e.details), reason: abandonedReason(e.attempts) });
        this.st(
          "UPDATE operations SET status = 'FAIL', finished = ?, details = ?, lease_owner = NULL, lease_expires = NULL WHERE id = ?",
        ).run(now, details, e.id);
      }
      const pick = this.st(
        `SELECT id FROM operations
         WHERE status IN ('PENDING', 'RUNNING') AND (status = 'PENDING' OR lease_expires < ?)
           AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))
         ORDER BY submitted, id LIMIT 1`,
      ).get(now, types, types) as { id: string } | undefined;
      if (pick === undefined) return undefined;
      return this.st(
        `UPDATE operations SET status = 'RUNNING', started = COALESCE(started, ?), lease_owner = ?,
           lease_expires = ?, attempts = attempts + 1 WHERE id = ?
         RETURNING ${SqliteStore.OP_COLUMNS}, account, attempts`,
      ).get(now, owner, now + leaseMs, pick.id) as ClaimRow;
    }).immediate();
    if (claimed === undefined) return Promise.resolve(undefined);
    return Promise.resolve({
      operation: operationFromRow(claimed),
      account: claimed.account,
      attempt: claimed.attempts,
    });
  }

  renewLease(id: string, owner: string, leaseMs: number, progress: number): Promise<boolean> {
    const info = this.st(
      "UPDATE operations SET lease_expires = ?, progress = ? WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'",
    ).run(Date.now() + leaseMs, clampProgress(progress), id, owner);
    return Promise.resolve(info.changes === 1);
  }

  releaseOperation(id: string, owner: string, progress: number): Promise<boolean> {
    const info = this.st(
      `UPDATE operations SET lease_owner = NULL, lease_expires = 0, attempts = MAX(attempts - 1, 0), progress = ?
       WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'`,
    ).run(clampProgress(progress), id, owner);
    return Promise.resolve(info.changes === 1);
  }

  async completeOperation(
    id: string,
    owner: string,
    results: Iterable<AggregatedSolution> | AsyncIterable<AggregatedSolution>,
    details?: JsonObject,
  ): Promise<boolean> {
    // better-sqlite3 transactions cannot span awaits: gather first, then write atomically.
    const items = await collect(results);
    return this.db.transaction((): boolean => {
      const row = this.st(
        "SELECT pool_id, details FROM operations WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'",
      ).get(id, owner) as { pool_id: string | null; details: string } | undefined;
      if (row === undefined) return false;
      const insert = this.st(
        'INSERT INTO aggregated_solutions (operation_id, task_id, pool_id, confidence, output_values) VALUES (?, ?, ?, ?, ?)',
      );
      for (const s of items) {
        insert.run(id, s.task_id, s.pool_id, s.confidence, JSON.stringify(s.output_values));
      }
      const merged = JSON.stringify({ ...parseObject(row.details), ...details });
      this.st(
        "UPDATE operations SET status = 'SUCCESS', progress = 100, finished = ?, details = ?, lease_owner = NULL, lease_expires = NULL WHERE id = ?",
      ).run(Date.now(), merged, id);
      return true;
    }).immediate();
  }

  failOperation(id: string, owner: string, reason: string): Promise<boolean> {
    return Promise.resolve(
      this.db.transaction((): boolean => {
        const row = this.st("SELECT details FROM operations WHERE id = ? AND lease_owner = ? AND status = 'RUNNING'").get(
          id,
          owner,
        ) as { details: string } | undefined;
        if (row === undefined) return false;
        this.st(
          "UPDATE operations SET status = 'FAIL', finished = ?, details = ?, lease_owner = NULL, lease_expires = NULL WHERE id = ?",
        ).run(Date.now(), JSON.stringify({ ...parseObject(row.details), reason }), id);
        return true;
      }).immediate(),
    );
  }

  listAggregatedSolutions(
    account: string,
    operationId: string,
    query: SolutionQuery,
  ): Promise<Page<AggregatedSolution> | undefined> {
    if (this.st('SELECT 1 FROM operations WHERE account = ? AND id = ?').get(account, operationId) === undefined) {
      return Promise.resolve(undefined);
    }
    const { rows, limit } = this.page<{ pool_id: string; task_id: string; confidence: number; output_values: string }>(
      'SELECT pool_id, task_id, confidence, output_values FROM aggregated_solutions',
      ['operation_id = ?'],
      [operationId],
      'task_id',
      taskIdRange(query),
    );
    const items = rows.map((r) => ({
      pool_id: r.pool_id,
      task_id: r.task_id,
      confidence: r.confidence,
      output_values: parseObject(r.output_values),
    }));
    return Promise.resolve(toPage(items, limit));
  }
}
