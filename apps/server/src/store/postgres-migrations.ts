/**
 * Versioned schema of the PostgreSQL store. Each migration runs once, in its
 * own transaction under an advisory lock (several replicas may start at the
 * same time), and is recorded in `schema_migrations`. Append new versions;
 * never edit an applied one.
 *
 * Ids and keys are `text COLLATE "C"` so comparisons and ORDER BY are byte-wise
 * (`'10' < '9'`), as in SQLite. Every large table leads its primary key with
 * `pool_id`, the distribution column for Citus (see docs/citus.md).
 */
import type { Sql } from 'postgres';
import type { Migration } from './sqlite-migrations.js';

/** All migrations, in order. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE FUNCTION now_ms() RETURNS bigint LANGUAGE sql VOLATILE
  AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;

CREATE SEQUENCE skill_ids;
CREATE SEQUENCE user_skill_ids;
CREATE SEQUENCE project_ids;
CREATE SEQUENCE pool_ids;
CREATE SEQUENCE task_ids;

CREATE TABLE skills (
  id text COLLATE "C" PRIMARY KEY,
  account text COLLATE "C" NOT NULL,
  created bigint NOT NULL,
  data text NOT NULL
);
CREATE INDEX skills_account_id ON skills (account, id);

CREATE TABLE user_skills (
  id text COLLATE "C" PRIMARY KEY,
  account text COLLATE "C" NOT NULL,
  skill_id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  exact_value double precision NOT NULL,
  created bigint NOT NULL,
  modified bigint NOT NULL
);
CREATE UNIQUE INDEX user_skills_account_skill_user ON user_skills (account, skill_id, user_id);
CREATE INDEX user_skills_account_id ON user_skills (account, id);

CREATE TABLE projects (
  id text COLLATE "C" PRIMARY KEY,
  account text COLLATE "C" NOT NULL,
  created bigint NOT NULL,
  data text NOT NULL
);
CREATE INDEX projects_account_id ON projects (account, id);

CREATE TABLE pools (
  id text COLLATE "C" PRIMARY KEY,
  account text COLLATE "C" NOT NULL,
  project_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  created bigint NOT NULL,
  data text NOT NULL
);
CREATE INDEX pools_account_id ON pools (account, id);

CREATE TABLE tasks (
  pool_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  account text COLLATE "C" NOT NULL,
  created bigint NOT NULL,
  data text NOT NULL,
  PRIMARY KEY (pool_id, id)
);
CREATE INDEX tasks_account_id ON tasks (account, id);

CREATE TABLE assignments (
  pool_id text COLLATE "C" NOT NULL,
  id text COLLATE "C" NOT NULL,
  account text COLLATE "C" NOT NULL,
  status text NOT NULL,
  created bigint NOT NULL,
  data text NOT NULL,
  PRIMARY KEY (pool_id, id)
);
CREATE INDEX assignments_account_id ON assignments (account, id);

CREATE TABLE answers (
  pool_id text COLLATE "C" NOT NULL,
  task_id text COLLATE "C" NOT NULL,
  assignment_id text COLLATE "C" NOT NULL,
  user_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  output_values text NOT NULL,
  PRIMARY KEY (pool_id, task_id, assignment_id)
);

CREATE TABLE operations (
  id text COLLATE "C" PRIMARY KEY,
  account text COLLATE "C" NOT NULL,
  type text NOT NULL,
  status text NOT NULL,
  pool_id text COLLATE "C" NOT NULL,
  submitted bigint NOT NULL,
  started bigint,
  finished bigint,
  progress integer NOT NULL DEFAULT 0,
  parameters text NOT NULL,
  details text NOT NULL,
  log text,
  dedupe_key text,
  lease_owner text,
  lease_expires bigint,
  attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX operations_account_id ON operations (account, id);
CREATE INDEX operations_dedupe ON operations (account, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX operations_claimable ON operations (submitted, id) WHERE status IN ('PENDING', 'RUNNING');

CREATE TABLE aggregated_solutions (
  pool_id text COLLATE "C" NOT NULL,
  operation_id text COLLATE "C" NOT NULL,
  task_id text COLLATE "C" NOT NULL,
  confidence double precision NOT NULL,
  output_values text NOT NULL,
  PRIMARY KEY (pool_id, operation_id, task_id)
);
`,
  },
  {
    // An answer row exists only for a stored assignment's task, and the store
    // replaces an assignment's rows together with the assignment (whose
    // primary key refuses a second copy), so a unique key on the answers
    // repeats a guarantee already given. A plain index on the task keeps the
    // (assignment count) entries of one task in one deduplicated posting
    // list: a fifth of the unique index's size; a 10M-answer import in
    // random task order writes 40 % of the WAL it wrote with the unique key.
    version: 2,
    name: 'answers indexed by task',
    sql: `
ALTER TABLE answers DROP CONSTRAINT answers_pkey;
CREATE INDEX answers_pool_task ON answers (pool_id, task_id);
`,
  },
];

/** Advisory lock key serialising migrations of one schema across processes. */
const MIGRATION_LOCK = 'crowdagg.schema_migrations';

/**
 * Applies every migration newer than the recorded version, each in its own
 * transaction. Safe when several processes start at once. Returns the
 * versions applied now.
 */
export async function migratePostgres(sql: Sql): Promise<number[]> {
  const done: number[] = [];
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${MIGRATION_LOCK} || current_schema()))`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
  });
  for (const m of POSTGRES_MIGRATIONS) {
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext(${MIGRATION_LOCK} || current_schema()))`;
      const seen = await tx`SELECT 1 FROM schema_migrations WHERE version = ${m.version}`;
      if (seen.length > 0) return;
      await tx.unsafe(m.sql).simple();
      await tx`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`;
      done.push(m.version);
    });
  }
  return done;
}
