/**
 * Versioned schema of the SQLite store. Each migration runs once, in its own
 * transaction, and is recorded in `schema_migrations`. Append new versions;
 * never edit an applied one.
 */
import type { Database } from 'better-sqlite3';

/** One schema change. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** All migrations, in order. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE id_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO id_counters (name, value) VALUES
  ('skills', 0), ('user_skills', 0), ('projects', 0), ('pools', 0), ('tasks', 0);

CREATE TABLE skills (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  created INTEGER NOT NULL,
  data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX skills_account_id ON skills (account, id);

CREATE TABLE user_skills (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  skill_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  exact_value REAL NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX user_skills_account_skill_user ON user_skills (account, skill_id, user_id);
CREATE INDEX user_skills_account_id ON user_skills (account, id);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  created INTEGER NOT NULL,
  data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX projects_account_id ON projects (account, id);

CREATE TABLE pools (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  project_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created INTEGER NOT NULL,
  data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX pools_account_id ON pools (account, id);

CREATE TABLE tasks (
  pool_id TEXT NOT NULL,
  id TEXT NOT NULL,
  account TEXT NOT NULL,
  created INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (pool_id, id)
) WITHOUT ROWID;
CREATE INDEX tasks_account_id ON tasks (account, id);

CREATE TABLE assignments (
  pool_id TEXT NOT NULL,
  id TEXT NOT NULL,
  account TEXT NOT NULL,
  status TEXT NOT NULL,
  created INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (pool_id, id)
) WITHOUT ROWID;
CREATE INDEX assignments_account_id ON assignments (account, id);

CREATE TABLE answers (
  pool_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  assignment_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  status TEXT NOT NULL,
  output_values TEXT NOT NULL,
  PRIMARY KEY (pool_id, task_id, assignment_id)
) WITHOUT ROWID;

CREATE TABLE operations (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  pool_id TEXT,
  submitted INTEGER NOT NULL,
  started INTEGER,
  finished INTEGER,
  progress INTEGER NOT NULL DEFAULT 0,
  parameters TEXT NOT NULL,
  details TEXT NOT NULL,
  log TEXT,
  dedupe_key TEXT,
  lease_owner TEXT,
  lease_expires INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX operations_account_id ON operations (account, id);
CREATE INDEX operations_dedupe ON operations (account, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX operations_claimable ON operations (submitted, id) WHERE status IN ('PENDING', 'RUNNING');

CREATE TABLE aggregated_solutions (
  operation_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  pool_id TEXT NOT NULL,
  confidence REAL NOT NULL,
  output_values TEXT NOT NULL,
  PRIMARY KEY (operation_id, task_id)
) WITHOUT ROWID;
`,
  },
];

/**
 * Applies every migration newer than the recorded version, each in its own
 * transaction. Re-running on an up-to-date database changes nothing.
 * Returns the versions applied now.
 */
export function migrateSqlite(db: Database): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      // Re-check inside the write lock: another process may have migrated meanwhile.
      const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
      if (again !== undefined) return;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      done.push(m.version);
    }).immediate();
  }
  return done;
}
