import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRequestLogStoreContract } from '../request-log-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteRequestLogStore } from './sqlite-request-log-store.ts';

describeRequestLogStoreContract('SQLite (temp file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-request-logs-'));
  const db = openSqlite(join(dir, 'switchyard.sqlite'));
  return {
    store: new SqliteRequestLogStore(db),
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

test('usage queries read indexes, not whole tables', () => {
  const db = openSqlite(IN_MEMORY);
  const plan = (sql: string, ...params: Array<string | number>) =>
    db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => String(row.detail)).join('\n');
  const byAccount = plan('SELECT COUNT(*) FROM request_logs r WHERE r.account_id = ? AND r.time >= ?', 'acct_a', 0);
  assert.match(byAccount, /USING (COVERING )?INDEX request_logs_by_account_time/);
  const byMetadata = plan(
    `SELECT m.value, COUNT(*) FROM request_logs r LEFT JOIN request_metadata m ON m.request_id = r.id AND m.key = ?
     WHERE r.account_id = ? GROUP BY m.value`,
    'agent',
    'acct_a',
  );
  assert.match(byMetadata, /SEARCH r USING (COVERING )?INDEX request_logs_by_account_time/);
  assert.match(byMetadata, /SEARCH m USING PRIMARY KEY \(request_id=\? AND key=\?\)/);
  const page = plan('SELECT r.id FROM request_logs r WHERE r.account_id = ? ORDER BY r.time DESC, r.id DESC LIMIT 50', 'acct_a');
  assert.match(page, /SEARCH r USING INDEX request_logs_by_account_time/);
  db.close();
});
