import type { GatewayError } from '../core/errors.ts';
import type { MediaKind, MediaRequest, MediaUnits } from '../core/media.ts';
import type { HeaderMap, ProviderSettings, UpstreamRequest } from './provider-adapter.ts';

/** A file a long-running job produced, still at the provider (fetched and re-hosted by the gateway). */
export type JobResultFile = { url: string; mediaType?: string };

/** Where a provider's long-running operation stands, in the gateway's terms. */
export type JobProgress =
  | { status: 'queued' | 'running' }
  | { status: 'succeeded'; files: JobResultFile[]; units: MediaUnits; text?: string; data?: Record<string, unknown> }
  | { status: 'failed'; reason: string }
  | { status: 'canceled' };

/**
 * One provider family's long-running media API (Replicate predictions, Veo operations): submit
 * returns a handle, polling the handle reports progress until the output files are ready.
 * Pure like the other adapters: builds request descriptions and parses bodies; the job runner
 * (`src/jobs/job-runner.ts`) sends, polls and downloads.
 */
export interface JobAdapter {
  readonly family: string;
  readonly kind: MediaKind;
  /**
   * The submission. `wait` asks the provider to hold the answer until the work is done where it
   * can (Replicate's `Prefer: wait`), for models quick enough to answer synchronously.
   */
  buildSubmit(request: MediaRequest, upstreamModel: string, settings: ProviderSettings, options: { wait: boolean }): UpstreamRequest | Promise<UpstreamRequest>;
  /** The submission's answer: the handle to poll, and the progress it already reports. */
  parseSubmit(body: unknown, request: MediaRequest): { upstreamId: string; progress: JobProgress };
  buildPoll(upstreamId: string, settings: ProviderSettings): UpstreamRequest | Promise<UpstreamRequest>;
  parsePoll(body: unknown, request: MediaRequest): JobProgress;
  /** Asks the provider to stop, where it can. */
  buildCancel?(upstreamId: string, settings: ProviderSettings): UpstreamRequest | Promise<UpstreamRequest>;
  /** Headers for downloading an output file (Veo's file URIs need the API key). */
  downloadHeaders(url: string, settings: ProviderSettings): Record<string, string>;
  parseError(status: number, headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError;
}
