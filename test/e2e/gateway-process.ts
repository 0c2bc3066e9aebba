import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { emulatorEnv } from '../../src/emulator/index.ts';
import { TEST_DATABASE_URL } from '../../src/stores/postgres/test-database.ts';
import { quoteIdentifier } from '../../src/stores/postgres/open-postgres.ts';
import { connectTestRedis, deleteKeys, TEST_REDIS_URL } from '../../src/stores/redis/testing/test-redis.ts';
import { adminFetch } from './admin-client.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A gateway running as its own process (`switchyard serve`), as in production. */
export type GatewayProcess = {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr (its log) so far. */
  log(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts `node src/cli/main.ts serve` with the pinned Node (`process.execPath`) on a free
 * loopback port and waits for its "listening" line. Only `env` (plus PATH) reaches it, so the
 * test's own environment cannot configure it by accident.
 */
export async function spawnGateway(env: Record<string, string>, args: string[] = []): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['src/cli/main.ts', 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start within 20 s:\n${stderr}`)), 20_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /Switchyard listening on (\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited (${code}) before listening:\n${stderr}`));
    });
  });
  return { url, child, log: () => stderr, exited };
}

/**
 * A fresh PostgreSQL schema and Redis key prefix for one test file: the database URL names the
 * schema through libpq's `options` (`-c search_path=…`), so every process on it sees only its own
 * tables. `close()` drops both.
 */
export async function sharedBackends(): Promise<{ databaseUrl: string; redisUrl: string; redisKeyPrefix: string; query: pg.Pool['query']; close(): Promise<void> }> {
  const schema = `sy_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  await admin.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const scoped = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const { redis, prefix } = await connectTestRedis('switchyard-multi-instance-test');
  return {
    databaseUrl: url.toString(),
    redisUrl: TEST_REDIS_URL,
    redisKeyPrefix: prefix,
    query: scoped.query.bind(scoped) as pg.Pool['query'],
    async close() {
      await scoped.end();
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
      await admin.end();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

/** Provider settings pointing every gateway process at the test's emulator. */
export function emulatedProviderEnv(emulatorUrl: string): Record<string, string> {
  return { ...emulatorEnv(emulatorUrl), OPENAI_API_KEY: 'sk-emulated', ANTHROPIC_API_KEY: 'sk-ant-emulated' };
}

/** Calls the admin API with the admin key and returns the status and JSON body. */
export async function adminCall(url: string, adminKey: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await adminFetch(url, adminKey, method, path, body);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** An account with `credit` USD and a gateway key, made through the admin API. */
export async function fundedAccount(url: string, adminKey: string, credit: string): Promise<{ accountId: string; key: string }> {
  const account = await adminCall(url, adminKey, 'POST', '/admin/accounts', { name: 'fleet-test' });
  await adminCall(url, adminKey, 'POST', `/admin/accounts/${account.body.id}/credits`, { amount_usd: credit, idempotency_key: `topup-${account.body.id}` });
  const key = await adminCall(url, adminKey, 'POST', `/admin/accounts/${account.body.id}/keys`, { name: 'agent' });
  return { accountId: account.body.id, key: key.body.key };
}
