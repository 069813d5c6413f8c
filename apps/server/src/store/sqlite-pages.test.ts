import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite.js';

const dirs: string[] = [];

/** A fresh file path in its own temporary directory. */
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crowdagg-pages-'));
  dirs.push(dir);
  return path.join(dir, 'crowdagg.sqlite');
}

/** The page size recorded in a database file. */
function pageSizeOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite page size', () => {
  it('creates new files with 64 KiB pages', async () => {
    const file = tempFile();
    await new SqliteStore(file).close();
    expect(pageSizeOf(file)).toBe(65536);
  });

  it('keeps the page size of an existing file and still imports into it', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE earlier (x INTEGER)');
    old.close();

    const store = new SqliteStore(file);
    const project = await store.createProject('acc', { public_name: 'p' });
    const pool = await store.createPool('acc', { project_id: project.id, private_name: 'pool' });
    expect(pool).toBeDefined();
    const poolId = pool?.id ?? '';
    await store.createTasks('acc', [{ pool_id: poolId, id: 't1', input_values: {} }]);
    const results = await store.importAssignments('acc', [
      {
        id: 'a1',
        pool_id: poolId,
        user_id: 'u1',
        status: 'ACCEPTED',
        tasks: [{ id: 't1', input_values: {} }],
        solutions: [{ output_values: { label: 'cat' } }],
      },
    ]);
    expect(results).toEqual([{ outcome: 'created', id: 'a1' }]);
    await store.close();
    expect(pageSizeOf(file)).toBe(4096);
  });
});
