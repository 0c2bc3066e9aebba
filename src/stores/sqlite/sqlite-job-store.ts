import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Job, JobStatus } from '../../jobs/job.ts';
import type { JobPatch, JobStore, JobStoreOptions } from '../../jobs/job-store.ts';
import { JOB_INSERT_COLUMNS, jobFromRow, jobInsertValues, jobPatchAssignments, type JobRow as SharedJobRow } from '../job-row.ts';

// Structured columns are JSON text.
type JobRow = SharedJobRow<string>;
const fromRow = (row: JobRow): Job => jobFromRow(row, (value) => JSON.parse(value));

/** Jobs in the gateway's SQLite database (migration 6). */
export class SqliteJobStore implements JobStore {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #insert: StatementSync;
  readonly #select: StatementSync;
  readonly #unfinished: StatementSync;

  constructor(db: DatabaseSync, options: JobStoreOptions = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#insert = db.prepare(
      `INSERT INTO jobs (${JOB_INSERT_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#select = db.prepare('SELECT * FROM jobs WHERE id = ?');
    this.#select.setReadBigInts(false);
    this.#unfinished = db.prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id");
  }

  async create(job: Job): Promise<void> {
    this.#insert.run(...jobInsertValues(job));
  }

  async get(id: string): Promise<Job | undefined> {
    const row = this.#selectRow(id);
    return row && fromRow(row);
  }

  async update(id: string, from: readonly JobStatus[], patch: JobPatch): Promise<Job | undefined> {
    if (from.length === 0) return undefined;
    const sets: string[] = ['updated_at = ?'];
    const values: SQLInputValue[] = [this.#now()];
    for (const [column, value] of jobPatchAssignments(patch)) {
      sets.push(`${column} = ?`);
      values.push(value);
    }
    const sql = `UPDATE jobs SET ${sets.join(', ')} WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`;
    const changed = this.#db.prepare(sql).run(...values, id, ...from).changes;
    return Number(changed) === 1 ? this.get(id) : undefined;
  }

  async listUnfinished(): Promise<Job[]> {
    return (this.#unfinished.all() as JobRow[]).map(fromRow);
  }

  #selectRow(id: string): JobRow | undefined {
    // cost_nanos may exceed 2^53 in principle; read it exactly.
    this.#select.setReadBigInts(true);
    try {
      return this.#select.get(id) as JobRow | undefined;
    } finally {
      this.#select.setReadBigInts(false);
    }
  }
}
