import { formatNanosAsUsd } from '../billing/nanos.ts';
import type { Job } from './job.ts';

/** A job's output file as clients see it: a gateway link, or the bytes inline. */
export type FileView = { url: string; content_type: string; bytes: number };

/** What `GET /v1/jobs/{id}` and a job's webhook answer with. */
export type JobView = {
  id: string;
  object: 'job';
  model: string;
  status: Job['status'];
  output?: { files: FileView[]; text?: string; data?: Record<string, unknown> };
  error?: { code: string; message: string };
  created_at: number;
  completed_at: number | null;
  cost_usd: number | null;
};

/** A job in the API's shape; `link` turns a file id into the URL the caller may fetch. */
export function renderJob(job: Job, link: (fileId: string) => string): JobView {
  return {
    id: job.id,
    object: 'job',
    model: job.model,
    status: job.status,
    ...(job.output
      ? { output: { files: job.output.files.map((file) => ({ url: link(file.fileId), content_type: file.mediaType, bytes: file.bytes })), ...(job.output.text ? { text: job.output.text } : {}), ...(job.output.data ? { data: job.output.data } : {}) } }
      : {}),
    ...(job.error ? { error: job.error } : {}),
    created_at: Math.floor(job.createdAt / 1000),
    completed_at: job.completedAt === undefined ? null : Math.floor(job.completedAt / 1000),
    cost_usd: job.costNanos === undefined ? null : Number(formatNanosAsUsd(job.costNanos)),
  };
}
