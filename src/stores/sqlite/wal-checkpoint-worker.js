// Worker entry for `WalCheckpointer` (wal-checkpointer.ts): copies the WAL back into the database
// file on a connection and thread of its own, so no commit on the gateway's connections ever does
// it (with its fsync). Plain JavaScript on purpose: a worker that loads TypeScript carries its own
// type stripper, ~20 MB of RSS for a thread that runs one statement (docs/benchmarks.md).
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Below this many WAL pages left uncopied, the thread rests `idleMs` before looking again. A
 * short log keeps reads and commits cheap: with 1,000 pages and 250 ms instead, the full path's
 * p99 overhead was 4.5–5.0 ms against 3.4–3.8 ms, chat throughput the same within noise.
 */
const BACKLOG_PAGES = 256;

const { path, idleMs } = workerData;
const db = new DatabaseSync(path);
db.exec('PRAGMA busy_timeout = 5000');
db.exec('PRAGMA wal_autocheckpoint = 0');
// PASSIVE: copies what is committed without waiting for or blocking readers and writers.
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let timer;
const run = () => {
  if (!db.isOpen) return;
  const { log, checkpointed } = checkpoint.get();
  // Under heavy writing the WAL grows while a checkpoint runs: go again at once until caught up.
  timer = setTimeout(run, log - checkpointed >= BACKLOG_PAGES ? 0 : idleMs);
};
run();
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearTimeout(timer);
  checkpoint.get();
  db.close();
  parentPort.close();
});
