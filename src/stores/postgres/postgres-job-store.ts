import type pg from 'pg';
import type { Job, JobStatus } from '../../jobs/job.ts';
import type { JobPatch, JobStore, JobStoreOptions } from '../../jobs/job-store.ts';

type JobRow = {
  id: string;
  account_id: string;
  key_id: string | null;
  request_id: string;
  model: string;
  provider: string;
  upstream_model: string;
  status: string;
  input: Record<string, unknown>;
  upstream_id: string | null;
  output: Job['output'] | null;
  units: Job['units'] | null;
  error: Job['error'] | null;
  webhook_url: string | null;
  reservation_id: string | null;
  cost_nanos: bigint | null;
  created_at: bigint;
  updated_at: bigint;
  completed_at: bigint | null;
};

/** Patch fields → columns; structured ones travel as JSON text into JSONB columns. */
const columns: { [K in keyof Required<JobPatch>]: [string, (value: NonNullable<JobPatch[K]>) => unknown] } = {
  status: ['status', (value) => value],
  provider: ['provider', (value) => value],
  upstreamModel: ['upstream_model', (value) => value],
  upstreamId: ['upstream_id', (value) => value],
  output: ['output', (value) => JSON.stringify(value)],
  units: ['units', (value) => JSON.stringify(value)],
  error: ['error', (value) => JSON.stringify(value)],
  costNanos: ['cost_nanos', (value) => value],
  completedAt: ['completed_at', (value) => value],
  reservationId: ['reservation_id', (value) => value],
};

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
      `INSERT INTO jobs (id, account_id, key_id, request_id, model, provider, upstream_model, status, input, upstream_id, output, units,
         error, webhook_url, reservation_id, cost_nanos, created_at, updated_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        job.id,
        job.accountId,
        job.keyId ?? null,
        job.requestId,
        job.model,
        job.provider,
        job.upstreamModel,
        job.status,
        JSON.stringify(job.input),
        job.upstreamId ?? null,
        job.output ? JSON.stringify(job.output) : null,
        job.units ? JSON.stringify(job.units) : null,
        job.error ? JSON.stringify(job.error) : null,
        job.webhookUrl ?? null,
        job.reservationId ?? null,
        job.costNanos ?? null,
        job.createdAt,
        job.updatedAt,
        job.completedAt ?? null,
      ],
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
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const [column, encode] = columns[field as keyof JobPatch] as [string, (value: unknown) => unknown];
      values.push(encode(value));
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

function fromRow(row: JobRow): Job {
  return {
    id: row.id,
    accountId: row.account_id,
    ...(row.key_id !== null ? { keyId: row.key_id } : {}),
    requestId: row.request_id,
    model: row.model,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    status: row.status as JobStatus,
    input: row.input,
    ...(row.upstream_id !== null ? { upstreamId: row.upstream_id } : {}),
    ...(row.output !== null ? { output: row.output } : {}),
    ...(row.units !== null ? { units: row.units } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.webhook_url !== null ? { webhookUrl: row.webhook_url } : {}),
    ...(row.reservation_id !== null ? { reservationId: row.reservation_id } : {}),
    ...(row.cost_nanos !== null ? { costNanos: BigInt(row.cost_nanos) } : {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.completed_at !== null ? { completedAt: Number(row.completed_at) } : {}),
  };
}
