/**
 * Storage entry point: {@link openStore} picks the adapter from a `--db` value.
 */
import { withIdAliases } from './ids.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export type * from './types.js';
export { SqliteStore } from './sqlite.js';
export { canonicalId, withIdAliases } from './ids.js';

/** Default SQLite file, relative to the working directory. */
export const DEFAULT_DB = './data/crowdagg.sqlite';

/** True for `postgres://…` and `postgresql://…` URLs. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Opens the store named by `db`: a PostgreSQL URL selects the PostgreSQL
 * adapter; anything else is a SQLite file path (parent folders are created;
 * `:memory:` gives a private in-memory database). Migrations run on open.
 * Lookups accept short numeric ids (`"1"` for `000000000001`, see
 * {@link withIdAliases}).
 */
export async function openStore(db: string = DEFAULT_DB): Promise<Store> {
  if (isPostgresUrl(db)) {
    const { PostgresStore } = await import('./postgres.js');
    return withIdAliases(await PostgresStore.open(db));
  }
  return withIdAliases(new SqliteStore(db));
}
