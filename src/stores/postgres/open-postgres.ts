import pg from 'pg';
import { migratePostgres } from './migrations.ts';

/** PostgreSQL's type OID for int8 (BIGINT), also what COUNT(*) and SUM(…)::bigint return. */
const INT8_OID = 20;

export type OpenPostgresOptions = {
  /**
   * The schema to work in (created when missing, put first on every connection's search_path).
   * Undefined: the server's default search_path (normally `public`). Tests use a fresh one each.
   */
  schema?: string;
  /** Pool size; the ledger holds a connection per concurrent balance change. Defaults to 10. */
  max?: number;
  /** Apply pending migrations before returning. Defaults to true. */
  migrate?: boolean;
};

/**
 * A pool on a PostgreSQL database, migrated and ready. BIGINT columns come back as JS bigint on
 * this pool only (its own type overrides, never pg's global parsers, which other code may rely on).
 * Errors never echo the URL: it usually carries a password.
 */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<pg.Pool> {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, (text: string) => BigInt(text));
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${checkedSchema(options.schema)}` }),
  });
  // An idle client losing its connection (server restart) must not crash the gateway; the pool replaces it.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1'); // fail here, with a clear message, when the server is unreachable
    if (options.schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(checkedSchema(options.schema))}`);
    if (options.migrate !== false) await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw new Error(`Could not open the PostgreSQL database: ${(error as Error).message}`, { cause: error });
  }
  return pool;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, when it is a plain lower-case identifier (it travels unquoted in the startup options). */
function checkedSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Schema name '${schema}' must match ${SCHEMA_NAME}.`);
  return schema;
}

/** A double-quoted SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
