// Worker entry for `WalCheckpointer`: copies the WAL back into the database file on a connection
// and thread of its own, so no commit on the gateway's connections ever does it (with its fsync).
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './open-sqlite.ts';

/** Started with `workerData: { path, idleMs }`; stops when sent 'close'. */
export type WalCheckpointData = { path: string; idleMs: number };

/** Below this many WAL pages left uncopied, the checkpointer rests `idleMs` before looking again. */
const BACKLOG_PAGES = 256;

const port = parentPort;
if (port) {
  const { path, idleMs } = workerData as WalCheckpointData;
  const db = openSqlite(path);
  db.exec('PRAGMA wal_autocheckpoint = 0');
  // PASSIVE: copies what is committed without waiting for or blocking readers and writers.
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (!db.isOpen) return;
    const { log, checkpointed } = checkpoint.get() as { log: number; checkpointed: number };
    // Under heavy writing the WAL grows while a checkpoint runs: go again at once until caught up.
    timer = setTimeout(run, log - checkpointed >= BACKLOG_PAGES ? 0 : idleMs);
  };
  run();
  port.on('message', (message: string) => {
    if (message !== 'close') return;
    clearTimeout(timer);
    checkpoint.get();
    db.close();
    port.close();
  });
}
