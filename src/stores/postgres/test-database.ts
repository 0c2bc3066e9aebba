import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, quoteIdentifier, type OpenPostgresOptions } from './open-postgres.ts';

/** The database tests use: TEST_DATABASE_URL, or the local server CI starts (`.ci/run`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** A freshly migrated, empty schema of its own on the test database, and the way to drop it. */
export type TestSchema = { pool: pg.Pool; schema: string; close(): Promise<void> };

/**
 * Opens a pool on a new schema `sy_test_<random>` (migrated), so test files running in parallel
 * never see each other's rows. An unreachable server fails the test with a message saying what
 * to do: PostgreSQL tests are never silently skipped.
 */
export async function openTestSchema(options: Omit<OpenPostgresOptions, 'schema'> = {}): Promise<TestSchema> {
  const schema = `sy_test_${randomBytes(6).toString('hex')}`;
  let pool: pg.Pool;
  try {
    pool = await openPostgres(TEST_DATABASE_URL, { ...options, schema });
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a reachable server at ${redact(TEST_DATABASE_URL)} (set TEST_DATABASE_URL, or start PostgreSQL as .ci/run does): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { pool, schema, close: () => dropSchema(pool, schema) };
}

/** A second pool on an existing schema: another gateway instance on the same database. */
export function openSecondPool(schema: string, options: Omit<OpenPostgresOptions, 'schema'> = {}): Promise<pg.Pool> {
  return openPostgres(TEST_DATABASE_URL, { ...options, schema });
}

async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await pool.end();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
