import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migratePostgres, postgresMigrations, type PostgresMigration } from './migrations.ts';
import { openPostgres } from './open-postgres.ts';
import { openTestSchema, TEST_DATABASE_URL } from './test-database.ts';

const ALL = postgresMigrations.map((m) => m.version);

test('instances starting together apply each migration once: the advisory lock makes the others wait', async () => {
  const { pool, schema, close } = await openTestSchema({ migrate: false });
  const others = await Promise.all([1, 2, 3].map(() => openPostgres(TEST_DATABASE_URL, { schema, migrate: false })));
  try {
    const applied = await Promise.all([pool, ...others].map((p) => migratePostgres(p)));
    assert.deepEqual(applied.flat().sort(), ALL, 'every version applied by exactly one instance');
    const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(rows.map((row) => row.version), ALL);
    assert.deepEqual(await migratePostgres(pool), [], 'nothing left to do');
  } finally {
    await Promise.all(others.map((p) => p.end()));
    await close();
  }
});

test('a failing migration rolls back entirely and is not recorded', async () => {
  const { pool, schema, close } = await openTestSchema({ migrate: false });
  try {
    const broken: PostgresMigration[] = [
      { version: 1, name: 'fine', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'half-broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);' },
    ];
    await assert.rejects(migratePostgres(pool, broken), /PostgreSQL migration 2 \(half-broken\) failed: relation "missing" does not exist/);
    const tables = await pool.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
    assert.deepEqual(tables.rows.map((row) => row.table_name), ['a', 'schema_migrations']);
    assert.deepEqual((await pool.query('SELECT version FROM schema_migrations')).rows.map((row) => row.version), [1]);
  } finally {
    await close();
  }
});

test('BIGINT comes back as bigint on our pools only: pg’s global parsers are untouched', async () => {
  const { pool, close } = await openTestSchema({ migrate: false });
  try {
    const { rows } = await pool.query('SELECT 9007199254740993::bigint AS big, COUNT(*) AS n FROM (VALUES (1)) v');
    assert.deepEqual(rows[0], { big: 9_007_199_254_740_993n, n: 1n });
    const pg = (await import('pg')).default;
    assert.equal(pg.types.getTypeParser(20, 'text')('5'), '5', 'the global int8 parser still returns strings');
  } finally {
    await close();
  }
});
