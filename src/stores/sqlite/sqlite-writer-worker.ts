// Worker entry for `SqliteWriter`: owns one connection to the database file and runs the write
// methods of the stores whose writes are hot (ledger, key spend, request log) there, so their
// synchronous SQLite transactions, commits and lock waits happen off the gateway's event loop.
// WAL lets the main thread's connection read meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { BACKGROUND_CHECKPOINT_BOUND, openSqlite, SQLITE_DEFAULT_AUTOCHECKPOINT } from './open-sqlite.ts';
import { runCall, toWriterError, writerTargets, type WriterCall, type WriterCommand, type WriterData, type WriterReply } from './sqlite-writer-protocol.ts';

const port = parentPort;
if (port) {
  const { path, autoCheckpoint } = workerData as WriterData;
  const db = openSqlite(path);
  if (!autoCheckpoint) db.exec(`PRAGMA wal_autocheckpoint = ${BACKGROUND_CHECKPOINT_BOUND}`);
  // The main thread's clock as of the batch being run: its tests drive the ledger with a fake one.
  let clock = Date.now();
  const targets = writerTargets(db, () => clock);
  let replies: WriterReply[] = [];
  let outstanding = 0;
  let closing = false;
  const finish = () => {
    db.close();
    port.close();
  };
  // Replies of one turn go back in one message, as the calls came.
  const flushReplies = () => {
    const batch = replies;
    replies = [];
    port.postMessage(batch);
    if (closing && outstanding === 0) finish();
  };
  const reply = (message: WriterReply) => {
    outstanding -= 1;
    if (replies.length === 0) setImmediate(flushReplies);
    replies.push(message);
  };
  port.on('message', (command: WriterCommand) => {
    if (command.kind === 'auto-checkpoint') {
      db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
      return;
    }
    if (command.kind === 'close') {
      // Messages arrive in order: every call sent before `close` has started; close once all have answered.
      closing = true;
      if (outstanding === 0 && replies.length === 0) finish();
      return;
    }
    clock = command.now;
    outstanding += command.calls.length;
    const run = (call: WriterCall) =>
      runCall(targets, call).then(
        (value) => reply({ seq: call.seq, value }),
        (error: unknown) => reply({ seq: call.seq, error: toWriterError(error) }),
      );
    // A request waits for its reservation; nobody waits for a request-log batch, whose hundred
    // inserts held the thread 1–2.5 ms. Batches go after this turn's commit and replies.
    const later = command.calls.filter((call) => call.target === 'requestLogs');
    for (const call of command.calls) if (call.target !== 'requestLogs') run(call);
    if (later.length > 0) setTimeout(() => later.forEach(run), 0);
  });
}
