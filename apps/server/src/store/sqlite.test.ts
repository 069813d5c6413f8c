import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from './sqlite.js';
import { runStoreSuite } from './store-suite.js';

runStoreSuite('SQLite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crowdagg-store-'));
  const file = path.join(dir, 'nested', 'crowdagg.sqlite');
  return Promise.resolve({
    open: () => Promise.resolve(new SqliteStore(file)),
    destroy: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});
