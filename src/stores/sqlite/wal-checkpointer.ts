import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** What the checkpoint thread (`wal-checkpoint-worker.js`) is started with. */
type WalCheckpointData = { path: string; idleMs: number };

/**
 * Keeps a WAL database's log short from a thread of its own. SQLite checkpoints inside whichever
 * commit takes the WAL past 1,000 pages, and with `synchronous = NORMAL` that commit also fsyncs
 * the database file: 3–4 ms, every ~60 ms at 1,000 billed requests/s, which was the full path's
 * p99 (docs/benchmarks.md). Connections that leave it to this thread raise their
 * `wal_autocheckpoint` to `BACKGROUND_CHECKPOINT_BOUND`; if the thread dies, `onLost` must set it
 * back to SQLite's default.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #closed = false;

  constructor(path: string, options: { idleMs?: number; onLost: () => void }) {
    this.#worker = new Worker(new URL('./wal-checkpoint-worker.js', import.meta.url), {
      workerData: { path, idleMs: options.idleMs ?? 50 } satisfies WalCheckpointData,
    });
    this.#worker.unref();
    this.#worker.on('error', () => undefined);
    this.#worker.once('exit', () => {
      if (!this.#closed) options.onLost();
    });
  }

  /** A last checkpoint, then the thread ends. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const exited = once(this.#worker, 'exit');
    this.#worker.ref();
    this.#worker.postMessage('close');
    await exited;
  }
}
