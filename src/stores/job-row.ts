import type { Job, JobStatus } from '../jobs/job.ts';
import type { JobPatch } from '../jobs/job-store.ts';

/** An integer column as a driver returns it: SQLite numbers (bigint when asked), PostgreSQL BIGINT as bigint or text. */
type DbInteger = number | bigint | string;

/**
 * A `jobs` row (migration 6) as SQLite and PostgreSQL return it; `Json` is how structured
 * columns arrive: JSON text from SQLite, parsed values from PostgreSQL's JSONB.
 */
export type JobRow<Json> = {
  id: string;
  account_id: string;
  key_id: string | null;
  request_id: string;
  model: string;
  provider: string;
  upstream_model: string;
  status: string;
  input: Json;
  upstream_id: string | null;
  output: Json | null;
  units: Json | null;
  error: Json | null;
  webhook_url: string | null;
  reservation_id: string | null;
  cost_nanos: DbInteger | null;
  created_at: DbInteger;
  updated_at: DbInteger;
  completed_at: DbInteger | null;
};

/** The `jobs` columns in the order `jobInsertValues` fills them. */
export const JOB_INSERT_COLUMNS =
  'id, account_id, key_id, request_id, model, provider, upstream_model, status, input, upstream_id, output, units, error, webhook_url, reservation_id, cost_nanos, created_at, updated_at, completed_at';

/** A job's values for an INSERT in `JOB_INSERT_COLUMNS` order, structured fields as JSON text. */
export function jobInsertValues(job: Job): Array<string | number | bigint | null> {
  return [
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
  ];
}

/** Patch fields → columns, JSON-encoding the structured ones. */
const JOB_PATCH_COLUMNS: { [K in keyof Required<JobPatch>]: [string, (value: NonNullable<JobPatch[K]>) => string | number | bigint] } = {
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

/** The set patch fields as [column, encoded value] pairs, for an UPDATE. */
export function jobPatchAssignments(patch: JobPatch): Array<[string, string | number | bigint]> {
  const assignments: Array<[string, string | number | bigint]> = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const [column, encode] = JOB_PATCH_COLUMNS[field as keyof JobPatch] as [string, (value: unknown) => string | number | bigint];
    assignments.push([column, encode(value)]);
  }
  return assignments;
}

/** The job a row holds; `decode` turns a structured column into its value (JSON.parse for text). */
export function jobFromRow<Json>(row: JobRow<Json>, decode: (value: Json) => any): Job {
  return {
    id: row.id,
    accountId: row.account_id,
    ...(row.key_id !== null ? { keyId: row.key_id } : {}),
    requestId: row.request_id,
    model: row.model,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    status: row.status as JobStatus,
    input: decode(row.input) as Record<string, unknown>,
    ...(row.upstream_id !== null ? { upstreamId: row.upstream_id } : {}),
    ...(row.output !== null ? { output: decode(row.output) } : {}),
    ...(row.units !== null ? { units: decode(row.units) } : {}),
    ...(row.error !== null ? { error: decode(row.error) } : {}),
    ...(row.webhook_url !== null ? { webhookUrl: row.webhook_url } : {}),
    ...(row.reservation_id !== null ? { reservationId: row.reservation_id } : {}),
    ...(row.cost_nanos !== null ? { costNanos: BigInt(row.cost_nanos) } : {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.completed_at !== null ? { completedAt: Number(row.completed_at) } : {}),
  };
}
