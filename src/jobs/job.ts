import type { JobStatus, MediaUnits } from '../core/media.ts';

export type { JobStatus } from '../core/media.ts';

/** A file a job produced, re-hosted in the gateway's file store. */
export type JobFile = { fileId: string; mediaType: string; bytes: number };

/** What a finished job produced. */
export type JobOutput = {
  files: JobFile[];
  text?: string;
  data?: Record<string, unknown>;
};

/**
 * One long-running media request (video, music, or any model run through `/v1/run`), as the
 * gateway keeps it: the caller's input, the provider's handle on the work (`upstreamId`: a
 * Replicate prediction id, a Veo operation name), and the money held for it.
 */
export type Job = {
  /** `job_…` */
  id: string;
  accountId: string;
  keyId?: string;
  /** The request id of the `POST /v1/run` that created it, for the request log. */
  requestId: string;
  /** The catalog id the client named (`minimax/video-01`). */
  model: string;
  provider: string;
  upstreamModel: string;
  status: JobStatus;
  input: Record<string, unknown>;
  upstreamId?: string;
  output?: JobOutput;
  units?: MediaUnits;
  error?: { code: string; message: string };
  webhookUrl?: string;
  /** The billing hold taken at submission; absent with billing off or nothing to hold. */
  reservationId?: string;
  /** What was charged, in nano-dollars, once the job succeeded (0 when it failed). */
  costNanos?: bigint;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
};

/** Statuses a job never leaves. */
export const FINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];

export function isFinal(status: JobStatus): boolean {
  return FINAL_STATUSES.includes(status);
}
