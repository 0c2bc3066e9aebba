import { Worker } from 'node:worker_threads';
import type { DatabaseSync } from 'node:sqlite';
import { BACKGROUND_CHECKPOINT_BOUND, openSqlite, SQLITE_DEFAULT_AUTOCHECKPOINT } from './open-sqlite.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import {
  fromWriterError,
  runCall,
  toWriterError,
  writerTargets,
  type WriterCall,
  type WriterCommand,
  type WriterData,
  type WriterReply,
  type WriterTarget,
  type WriterTargets,
} from './sqlite-writer-protocol.ts';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The methods of a target store, as `call` can name them. */
type MethodOf<T extends WriterTarget> = { [K in keyof WriterTargets[T]]: WriterTargets[T][K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof WriterTargets[T]] & string;
type Method<T extends WriterTarget, M extends MethodOf<T>> = WriterTargets[T][M] extends (...args: infer A) => Promise<infer R> ? { args: A; result: R } : never;

/**
 * The database's writer thread. `node:sqlite` is synchronous: a commit, a WAL checkpoint or a
 * wait for another connection's write lock held the event loop (the busy handler sleeps 1 ms,
 * then 2, 5 …). The hot writes (ledger, key spend, finished streams, request log) run here on
 * a worker with its own connection; reads stay on the main connection (WAL), and a call
 * resolves once its transaction has committed, so a read after it sees it. Calls made in one event-loop turn travel in one
 * message and their replies come back in one, and the worker commits them in one transaction per
 * turn where the store allows (`GroupCommit`).
 *
 * If the worker dies, unanswered calls are rejected (they may or may not have committed: ledger
 * captures and request-log appends are idempotent, an orphaned hold lapses) and later calls run on
 * the main thread, on a connection of their own.
 */
export class SqliteWriter {
  readonly #path: string;
  readonly #now: () => number;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #queue: WriterCall[] = [];
  #seq = 0;
  #running = true;
  #fallback?: { db: DatabaseSync; targets: WriterTargets };
  readonly #checkpointer: WalCheckpointer;

  /**
   * `main`: the main thread's connection to the same file; like the writer's, its commits leave
   * WAL checkpoints to a thread of their own (`WalCheckpointer`).
   */
  constructor(path: string, options: { now?: () => number; main?: DatabaseSync } = {}) {
    this.#path = path;
    this.#now = options.now ?? Date.now;
    options.main?.exec(`PRAGMA wal_autocheckpoint = ${BACKGROUND_CHECKPOINT_BOUND}`);
    this.#checkpointer = new WalCheckpointer(path, {
      onLost: () => {
        if (options.main?.isOpen) options.main.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
        if (this.#running) this.#worker.postMessage({ kind: 'auto-checkpoint' } satisfies WriterCommand);
      },
    });
    this.#worker = new Worker(new URL('./sqlite-writer-worker.ts', import.meta.url), { workerData: { path, autoCheckpoint: false } satisfies WriterData });
    // Idle, the worker must not keep the process alive; with calls in flight it must.
    this.#worker.unref();
    this.#worker.on('message', (replies: WriterReply[]) => {
      for (const reply of replies) this.#settle(reply);
      if (this.#pending.size === 0) this.#worker.unref();
    });
    let failure: Error | undefined;
    this.#worker.on('error', (error) => {
      failure = error;
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#running = false;
        const error = failure ?? new Error(`SQLite writer thread exited (code ${code}) before answering.`);
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
        // Calls queued but never sent run on the main thread instead.
        const unsent = this.#queue;
        this.#queue = [];
        for (const call of unsent) this.#runHere(call);
        resolve();
      });
    });
  }

  /** Runs `target.method(...args)` on the writer thread; resolves with its result once committed. */
  call<T extends WriterTarget, M extends MethodOf<T>>(target: T, method: M, ...args: Method<T, M>['args']): Promise<Method<T, M>['result']> {
    const seq = ++this.#seq;
    const call: WriterCall = { seq, target, method, args };
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      if (!this.#running) return this.#runHere(call);
      if (this.#queue.length === 0) setImmediate(() => this.#send());
      this.#queue.push(call);
    });
  }

  /** Lets the worker answer every call already made, closes its connection and waits for it to end. */
  async close(): Promise<void> {
    if (this.#running) {
      this.#send();
      this.#worker.ref();
      this.#worker.postMessage({ kind: 'close' } satisfies WriterCommand);
    }
    await this.#exited;
    await this.#checkpointer.close();
    if (this.#fallback?.db.isOpen) this.#fallback.db.close();
  }

  #send(): void {
    if (this.#queue.length === 0 || !this.#running) return;
    const calls = this.#queue;
    this.#queue = [];
    this.#worker.ref();
    this.#worker.postMessage({ kind: 'calls', now: this.#now(), calls } satisfies WriterCommand);
  }

  #settle(reply: WriterReply): void {
    const pending = this.#pending.get(reply.seq);
    if (!pending) return;
    this.#pending.delete(reply.seq);
    if (reply.error) pending.reject(fromWriterError(reply.error));
    else pending.resolve(reply.value);
  }

  /** The same store method on the main thread, once the worker is gone. */
  #runHere(call: WriterCall): void {
    this.#fallback ??= (() => {
      const db = openSqlite(this.#path);
      return { db, targets: writerTargets(db, this.#now) };
    })();
    runCall(this.#fallback.targets, call).then(
      (value) => this.#settle({ seq: call.seq, value }),
      (error: unknown) => this.#settle({ seq: call.seq, error: toWriterError(error) }),
    );
  }
}
