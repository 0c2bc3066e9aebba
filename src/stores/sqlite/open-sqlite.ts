import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.ts';

/** SQLite's own automatic checkpoint threshold (pages), for connections that go back to it. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

/**
 * The threshold for connections whose checkpoints a `WalCheckpointer` thread does: only if that
 * thread falls behind (a writer that never pauses, so the log cannot restart) does a commit
 * checkpoint, which bounds the WAL at about 32 MB.
 */
export const BACKGROUND_CHECKPOINT_BOUND = 8000;

/** The path SQLite understands as a private in-memory database. */
export const IN_MEMORY = ':memory:';

/**
 * Opens (creating if needed, parent folder included) a SQLite database tuned for a gateway:
 * WAL so request logging never blocks readers, NORMAL sync (durable across process crashes,
 * which is what WAL needs), foreign keys on, and a busy timeout instead of instant SQLITE_BUSY
 * when a CLI command and the server share the file. Migrations are applied before returning.
 */
export function openSqlite(path: string): DatabaseSync {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    if (path !== IN_MEMORY) db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
