import postgres from 'postgres';

/** The PostgreSQL database tests use: `CROWDAGG_TEST_PG_URL`, else the local server's `test` database. */
export const TEST_PG_URL = process.env.CROWDAGG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL at `url` cannot be used, or `undefined` when a query succeeds. */
export async function postgresProblem(url = TEST_PG_URL): Promise<string | undefined> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await sql.end({ timeout: 1 });
  }
}
