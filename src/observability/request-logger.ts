import type { RequestListQuery, RequestLogStore } from '../stores/request-log-store.ts';
import type { UsageQuery, UsageReport } from './usage-query.ts';
import type { RequestLogEntry } from './request-log-entry.ts';

export type RequestLoggerOptions = {
  /** Longest an entry waits in memory before it is written (default 1000 ms). */
  flushIntervalMs?: number;
  /**
   * A queue this long is written at once, and no transaction holds more (default 100: an
   * in-memory SQLite store writes on the event loop, ~10 µs an entry, so a batch of 100 holds
   * other requests ~1 ms; a file database writes on a worker thread).
   */
  maxBatch?: number;
  /** Entries kept while the store is failing; beyond this the oldest are dropped and counted (default 100,000). */
  maxQueue?: number;
  /** Told about write failures and drops; logging must never fail a request. */
  onError?: (error: unknown) => void;
};

/**
 * Writes request log entries off the request path: `enqueue` only pushes to memory; a timer
 * (or a full batch) writes the queue in transactions of at most `maxBatch`. Writes are
 * serialised. A failed write puts its entries back for the next flush. `close()` writes
 * everything still queued, so a clean shutdown loses nothing.
 */
export class RequestLogger {
  readonly store: RequestLogStore;
  readonly #intervalMs: number;
  readonly #maxBatch: number;
  readonly #maxQueue: number;
  readonly #onError: (error: unknown) => void;
  #queue: RequestLogEntry[] = [];
  /** Entries being written right now, still visible to `get`. */
  #writing: RequestLogEntry[] = [];
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;
  #dropped = 0;

  constructor(store: RequestLogStore, options: RequestLoggerOptions = {}) {
    this.store = store;
    this.#intervalMs = options.flushIntervalMs ?? 1000;
    this.#maxBatch = options.maxBatch ?? 100;
    this.#maxQueue = options.maxQueue ?? 100_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.#queue.length + this.#writing.length;
  }

  /** Entries dropped because the store kept failing while the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Queues an entry; returns at once. After `close()` the entry is written directly. */
  enqueue(entry: RequestLogEntry): void {
    this.#queue.push(entry);
    if (this.#queue.length > this.#maxQueue) {
      const excess = this.#queue.length - this.#maxQueue;
      this.#queue.splice(0, excess);
      this.#dropped += excess;
      this.#onError(new Error(`Request log queue full: dropped ${excess} entries.`));
    }
    if (this.#closed || this.#queue.length >= this.#maxBatch) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#intervalMs);
      // A pending flush must not keep the process alive; close() writes what is left.
      this.#timer.unref();
    }
  }

  /** Writes everything queued so far; resolves when it is stored (or the write failed and was re-queued). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#chain = this.#chain.then(() => this.#writeQueued());
    return this.#chain;
  }

  /** Stops the timer and writes every queued entry. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  /** An entry by id, whether still queued or already stored (so a client can read its request at once). */
  async get(id: string, accountId: string | null): Promise<RequestLogEntry | undefined> {
    const queued = [...this.#queue, ...this.#writing].find((entry) => entry.id === id);
    if (queued) return accountId === null || queued.accountId === accountId ? queued : undefined;
    return this.store.get(id, accountId);
  }

  /** Usage including everything enqueued so far. */
  async queryUsage(query: UsageQuery): Promise<UsageReport> {
    await this.flush();
    return this.store.queryUsage(query);
  }

  /** A page of the request log, including everything enqueued so far. */
  async list(query: RequestListQuery): Promise<RequestLogEntry[]> {
    await this.flush();
    return this.store.list(query);
  }

  async #writeQueued(): Promise<void> {
    let first = true;
    while (this.#queue.length > 0) {
      // Between batches, requests waiting on the event loop go first.
      if (!first) await new Promise((resolve) => setImmediate(resolve));
      first = false;
      this.#writing = this.#queue.splice(0, this.#maxBatch);
      try {
        await this.store.append(this.#writing);
      } catch (error) {
        this.#onError(error);
        // Put them back in order; the next flush (timer, batch or close) retries them.
        this.#queue.unshift(...this.#writing);
        this.#writing = [];
        if (!this.#closed && !this.#timer) {
          this.#timer = setTimeout(() => void this.flush(), this.#intervalMs);
          this.#timer.unref();
        }
        return;
      }
      this.#writing = [];
    }
  }
}
