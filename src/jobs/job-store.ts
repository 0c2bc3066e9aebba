import type { Job, JobStatus } from './job.ts';

/** The fields a job's progress may change; `provider`/`upstreamModel` when submission failed over to another offer. */
export type JobPatch = Partial<Pick<Job, 'status' | 'provider' | 'upstreamModel' | 'upstreamId' | 'output' | 'units' | 'error' | 'costNanos' | 'completedAt' | 'reservationId'>>;

/**
 * Jobs, persisted so a restart resumes them (`listUnfinished`). Every change is conditional on
 * the job's current status, so a cancel racing a poll leaves exactly one winner.
 * Contract: `job-store.contract.ts`; implementations in `stores/sqlite/` and `stores/postgres/`, opened with the
 * other stores (`stores.jobs`).
 */
export interface JobStore {
  create(job: Job): Promise<void>;
  /** The job, or undefined when unknown. */
  get(id: string): Promise<Job | undefined>;
  /**
   * Applies `patch` when the job's status is one of `from`; returns the updated job, or
   * undefined when the job is unknown or in another status (someone else moved it first).
   */
  update(id: string, from: readonly JobStatus[], patch: JobPatch): Promise<Job | undefined>;
  /** Jobs not yet succeeded, failed or canceled, oldest first: what the runner resumes on start. */
  listUnfinished(): Promise<Job[]>;
}

export type JobStoreOptions = { now?: () => number };
