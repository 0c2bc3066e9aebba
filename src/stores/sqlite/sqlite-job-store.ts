import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
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
  input: string;
  upstream_id: string | null;
  output: string | null;
  units: string | null;
  error: string | null;
  webhook_url: string | null;
  reservation_id: string | null;
  cost_nanos: number | bigint | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
};

/** Patch fields → columns, JSON-encoding the structured ones. */
const columns: { [K in keyof Required<JobPatch>]: [string, (value: NonNullable<JobPatch[K]>) => SQLInputValue] } = {
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
      `INSERT INTO jobs (id, account_id, key_id, request_id, model, provider, upstream_model, status, input, upstream_id, output, units,
         error, webhook_url, reservation_id, cost_nanos, created_at, updated_at, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#select = db.prepare('SELECT * FROM jobs WHERE id = ?');
    this.#select.setReadBigInts(false);
    this.#unfinished = db.prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id");
  }

  async create(job: Job): Promise<void> {
    this.#insert.run(
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
    );
  }

  async get(id: string): Promise<Job | undefined> {
    const row = this.#selectRow(id);
    return row && fromRow(row);
  }

  async update(id: string, from: readonly JobStatus[], patch: JobPatch): Promise<Job | undefined> {
    if (from.length === 0) return undefined;
    const sets: string[] = ['updated_at = ?'];
    const values: SQLInputValue[] = [this.#now()];
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const [column, encode] = columns[field as keyof JobPatch] as [string, (value: unknown) => SQLInputValue];
      sets.push(`${column} = ?`);
      values.push(encode(value));
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

function fromRow(row: JobRow): Job {
  const number = (value: number | bigint) => Number(value);
  return {
    id: row.id,
    accountId: row.account_id,
    ...(row.key_id !== null ? { keyId: row.key_id } : {}),
    requestId: row.request_id,
    model: row.model,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    status: row.status as JobStatus,
    input: JSON.parse(row.input) as Record<string, unknown>,
    ...(row.upstream_id !== null ? { upstreamId: row.upstream_id } : {}),
    ...(row.output !== null ? { output: JSON.parse(row.output) } : {}),
    ...(row.units !== null ? { units: JSON.parse(row.units) } : {}),
    ...(row.error !== null ? { error: JSON.parse(row.error) } : {}),
    ...(row.webhook_url !== null ? { webhookUrl: row.webhook_url } : {}),
    ...(row.reservation_id !== null ? { reservationId: row.reservation_id } : {}),
    ...(row.cost_nanos !== null ? { costNanos: BigInt(row.cost_nanos) } : {}),
    createdAt: number(row.created_at),
    updatedAt: number(row.updated_at),
    ...(row.completed_at !== null ? { completedAt: number(row.completed_at) } : {}),
  };
}
