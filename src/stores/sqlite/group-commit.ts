import type { DatabaseSync, StatementSync } from 'node:sqlite';

type Job = { work: () => unknown; resolve(value: unknown): void; reject(error: unknown): void };

/**
 * Runs synchronous units of work in shared `BEGIN IMMEDIATE … COMMIT` transactions: every unit
 * queued while the event loop is busy goes into the next transaction. A commit writes its dirty
 * pages to the WAL once (the wallet row, an index's pages), however many units touched them; at
 * 32 concurrent requests that was most of the ledger's cost. Each unit's promise settles after
 * its commit, so a resolved unit is as durable as one committed alone; the price is one
 * event-loop turn of delay. A unit that throws is undone alone: the shared transaction is rolled
 * back and every unit of it runs again in a transaction of its own (units must be re-runnable:
 * database work and nothing else).
 */
export class GroupCommit {
  readonly #s: Record<'begin' | 'commit' | 'rollback', StatementSync>;
  #queue: Job[] = [];
  #scheduled = false;

  constructor(db: DatabaseSync) {
    // Prepared once: exec() would parse the SQL again for every transaction.
    this.#s = { begin: db.prepare('BEGIN IMMEDIATE'), commit: db.prepare('COMMIT'), rollback: db.prepare('ROLLBACK') };
  }

  /** Runs `work` inside the next shared transaction; resolves with its result once that commits. */
  run<T>(work: () => T): Promise<T> {
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    }
    return promise;
  }

  #flush(): void {
    this.#scheduled = false;
    const jobs = this.#queue;
    this.#queue = [];
    let values: unknown[];
    try {
      values = this.#inTransaction(jobs);
    } catch (error) {
      if (jobs.length === 1) jobs[0].reject(error);
      // Which unit failed is not known here: each gets a transaction of its own.
      else for (const job of jobs) this.#runAlone(job);
      return;
    }
    jobs.forEach((job, index) => job.resolve(values[index]));
  }

  #runAlone(job: Job): void {
    try {
      job.resolve(this.#inTransaction([job])[0]);
    } catch (error) {
      job.reject(error);
    }
  }

  /** The units' results, committed; throws (rolled back) when any unit or the commit fails. */
  #inTransaction(jobs: readonly Job[]): unknown[] {
    this.#s.begin.run();
    try {
      const values = jobs.map((job) => job.work());
      this.#s.commit.run();
      return values;
    } catch (error) {
      try {
        this.#s.rollback.run();
      } catch {
        // SQLite already rolled back (a failed COMMIT can do that).
      }
      throw error;
    }
  }
}
