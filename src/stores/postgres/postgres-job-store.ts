import type pg from 'pg';
import type { Job, JobStatus } from '../../jobs/job.ts';
import type { JobPatch, JobStore, JobStoreOptions } from '../../jobs/job-store.ts';
import { JOB_INSERT_COLUMNS, jobFromRow, jobInsertValues, jobPatchAssignments, type JobRow as SharedJobRow } from '../job-row.ts';

// JSONB columns arrive parsed.
type JobRow = SharedJobRow<unknown>;
const fromRow = (row: JobRow): Job => jobFromRow(row, (value) => value);

/** Jobs in PostgreSQL (migration 6), so a job outlives the instance that submitted it. */
export class PostgresJobStore implements JobStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  constructor(pool: pg.Pool, options: JobStoreOptions = {}) {
    this.#pool = pool;
    this.#now = options.now ?? Date.now;
  }

  async create(job: Job): Promise<void> {
    await this.#pool.query(
      `INSERT INTO jobs (${JOB_INSERT_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      jobInsertValues(job),
    );
  }

  async get(id: string): Promise<Job | undefined> {
    const { rows } = await this.#pool.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async update(id: string, from: readonly JobStatus[], patch: JobPatch): Promise<Job | undefined> {
    if (from.length === 0) return undefined;
    const values: unknown[] = [this.#now()];
    const sets: string[] = ['updated_at = $1'];
    for (const [column, value] of jobPatchAssignments(patch)) {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    values.push(id, [...from]);
    // One statement: the status check and the change are atomic, so a cancel racing a poll has one winner.
    const { rows } = await this.#pool.query<JobRow>(
      `UPDATE jobs SET ${sets.join(', ')} WHERE id = $${values.length - 1} AND status = ANY($${values.length}::text[]) RETURNING *`,
      values,
    );
    return rows[0] && fromRow(rows[0]);
  }

  async listUnfinished(): Promise<Job[]> {
    const { rows } = await this.#pool.query<JobRow>("SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id");
    return rows.map(fromRow);
  }
}
