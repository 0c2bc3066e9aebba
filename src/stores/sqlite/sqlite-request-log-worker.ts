// Worker entry for `ThreadedSqliteRequestLogStore`: owns its own connection to the database
// file (WAL lets it write while the main thread's connection reads) and appends the batches it
// is sent, so the synchronous SQLite transaction runs off the gateway's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import type { RequestLogEntry } from '../../observability/request-log-entry.ts';
import { openSqlite } from './open-sqlite.ts';
import { SqliteRequestLogStore } from './sqlite-request-log-store.ts';

/** What the main thread sends: a batch to append (acknowledged by `seq`), or the end. */
export type RequestLogWorkerCommand = { kind: 'append'; seq: number; entries: RequestLogEntry[] } | { kind: 'close' };

/** The acknowledgement of one batch: committed (`error` null) or rolled back. */
export type RequestLogWorkerReply = { seq: number; error: { name: string; message: string } | null };

/** Started with `workerData: { path }`. */
export type RequestLogWorkerData = { path: string };

const port = parentPort;
if (port) {
  const db = openSqlite((workerData as RequestLogWorkerData).path);
  const store = new SqliteRequestLogStore(db);
  port.on('message', (command: RequestLogWorkerCommand) => {
    if (command.kind === 'close') {
      // Messages arrive in order, so every batch sent before `close` has been committed.
      db.close();
      port.close();
      return;
    }
    // `append` is synchronous inside; awaiting it only unwraps its promise.
    store.append(command.entries).then(
      () => port.postMessage({ seq: command.seq, error: null } satisfies RequestLogWorkerReply),
      (error: unknown) => {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        port.postMessage({ seq: command.seq, error: { name, message } } satisfies RequestLogWorkerReply);
      },
    );
  });
}
