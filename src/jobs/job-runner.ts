import { randomId } from '../core/ids.ts';
import { GatewayError, toGatewayError } from '../core/errors.ts';
import type { MediaRequest } from '../core/media.ts';
import type { JobAdapter, JobProgress } from '../providers/job-adapter.ts';
import type { ProviderSettings, UpstreamRequest } from '../providers/provider-adapter.ts';
import type { Catalog } from '../routing/catalog/load-catalog.ts';
import type { UpstreamClient } from '../routing/upstream-client.ts';
import type { Observability, RequestRecord } from '../observability/create-observability.ts';
import type { WebhookSender } from '../billing/webhook-sender.ts';
import { computeMediaCost } from '../billing/compute-media-cost.ts';
import type { Attempt } from '../routing/failover-loop.ts';
import { tryTargets } from '../routing/try-targets.ts';
import type { FileStore } from './files/file-store.ts';
import type { JobBilling } from './job-billing.ts';
import { isFinal, type Job, type JobFile } from './job.ts';
import type { JobStore } from './job-store.ts';
import { jobAdapterFor } from './job-adapters.ts';
import { renderJob } from './job-view.ts';

export type JobRunnerDeps = {
  store: JobStore;
  files: FileStore;
  billing: JobBilling;
  upstream: UpstreamClient;
  providers: Map<string, ProviderSettings>;
  catalog: Catalog;
  observability: Observability;
  webhooks: WebhookSender;
  /** The secret a job's webhook is signed with, per account. */
  webhookSecret(accountId: string): string;
  /** The URL a caller fetches a file from (a signed gateway link). */
  link(fileId: string): string;
  /** How often running jobs are polled upstream; 1 s by default. */
  pollIntervalMs?: number;
  /** Consecutive failed polls after which a job is failed; 5 by default. */
  maxPollErrors?: number;
  now?: () => number;
  log?: (line: string) => void;
};

/** One offer a job may be submitted to: a provider and its own id for the model. */
export type JobTarget = { provider: { id: string }; upstreamModel: string };

/** Runs jobs: submits them upstream, polls them in the background until final, and settles them. */
export class JobRunner {
  readonly #deps: JobRunnerDeps;
  readonly #now: () => number;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #records = new Map<string, RequestRecord>();
  readonly #waiters = new Map<string, Set<(job: Job) => void>>();
  readonly #errors = new Map<string, number>();
  /** Submissions that failed before one was accepted (failover), for the request log once the job ends. */
  readonly #failedOver = new Map<string, Attempt[]>();
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;

  constructor(deps: JobRunnerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Stores a new job and submits it upstream, trying `targets` (the model's offers with a job
   * adapter, in preference order; by default the job's own provider) and moving to the next only
   * on a retryable error (`routing/try-targets.ts`). Returns the job as it stands after
   * submission (already final when the provider answered at once); polling continues in the
   * background. A refused submission ends the job failed, releases its hold, and throws the
   * provider's error.
   */
  async submit(job: Job, options: { wait: boolean; traceparent?: string; targets?: readonly JobTarget[]; signal?: AbortSignal }): Promise<Job> {
    const targets = options.targets ?? [{ provider: { id: job.provider }, upstreamModel: job.upstreamModel }];
    await this.#deps.store.create(job);
    this.#records.set(job.id, this.#deps.observability.start({ requestId: job.requestId, caller: { accountId: job.accountId, keyId: job.keyId }, format: 'run', requestedModel: job.model, stream: false, operation: 'generate_content', traceparent: options.traceparent }));
    const attempts: Attempt[] = [];
    let submitted: { upstreamId: string; progress: JobProgress };
    let served: JobTarget;
    try {
      ({ result: submitted, target: served } = await tryTargets(targets, options.signal ?? new AbortController().signal, async (target) => {
        const { adapter, settings, request } = this.#context(job, target.provider.id, target.upstreamModel);
        const response = await this.#send(await adapter.buildSubmit(request, target.upstreamModel, settings, options), adapter, settings, target.provider.id);
        return adapter.parseSubmit(response, request);
      }, attempts));
    } catch (thrown) {
      const error = toGatewayError(thrown);
      await this.#fail(job, error.message, error.code, attempts);
      throw error;
    }
    if (attempts.length > 1) this.#failedOver.set(job.id, attempts.slice(0, -1));
    const moved = served.provider.id !== job.provider || served.upstreamModel !== job.upstreamModel ? { provider: served.provider.id, upstreamModel: served.upstreamModel } : {};
    const updated = await this.#deps.store.update(job.id, ['queued'], { ...moved, upstreamId: submitted.upstreamId, ...(submitted.progress.status === 'running' ? { status: 'running' } : {}) });
    return this.#advance(updated ?? { ...job, ...moved }, submitted.progress);
  }

  /** Picks up every unfinished job after a restart: polls those submitted, fails those that never were. */
  async resume(): Promise<number> {
    const jobs = await this.#deps.store.listUnfinished();
    for (const job of jobs) {
      if (!this.#records.has(job.id)) {
        this.#records.set(job.id, this.#deps.observability.start({ requestId: job.requestId, caller: { accountId: job.accountId, keyId: job.keyId }, format: 'run', requestedModel: job.model, stream: false, operation: 'generate_content' }));
      }
      if (job.upstreamId) this.#schedule(job.id, 0);
      else await this.#fail(job, 'The gateway stopped before the job reached the provider; submit it again.', 'upstream_unavailable');
    }
    return jobs.length;
  }

  /** The job once final, or as it stands after `timeoutMs`. */
  async waitFor(id: string, timeoutMs: number): Promise<Job | undefined> {
    const job = await this.#deps.store.get(id);
    if (!job || isFinal(job.status)) return job;
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(id) ?? new Set();
      this.#waiters.set(id, waiters);
      const done = (final: Job) => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve(final);
      };
      const timer = setTimeout(() => {
        waiters.delete(done);
        resolve(this.#deps.store.get(id));
      }, timeoutMs);
      waiters.add(done);
    });
  }

  /** Cancels a job that is not final yet: asks the provider to stop, releases the hold. */
  async cancel(job: Job): Promise<Job> {
    if (isFinal(job.status)) return job;
    const canceled = await this.#deps.store.update(job.id, ['queued', 'running'], { status: 'canceled', completedAt: this.#now() });
    if (!canceled) return (await this.#deps.store.get(job.id)) ?? job;
    this.#stopPolling(job.id);
    await this.#deps.billing.release(job.reservationId);
    const context = this.#tryContext(job);
    if (context?.adapter.buildCancel && job.upstreamId) {
      const cancel = await context.adapter.buildCancel(job.upstreamId, context.settings);
      await this.#deps.upstream.send(cancel, job.provider).then((response) => response.body.text(), (error: unknown) => this.#deps.log?.(`cancel of ${job.id} upstream failed: ${(error as Error).message}`));
    }
    this.#settled(canceled);
    return canceled;
  }

  /** Sends the webhook of a job finished outside the runner (a synchronous run). */
  notify(job: Job): void {
    if (job.webhookUrl) this.#deps.webhooks.send(job.webhookUrl, { type: `job.${job.status}`, job: renderJob(job, this.#deps.link) }, this.#deps.webhookSecret(job.accountId));
  }

  /** Stops polling; jobs still running are resumed by the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** Moves a job on from the provider's progress; returns the job as stored after it. */
  async #advance(job: Job, progress: JobProgress): Promise<Job> {
    switch (progress.status) {
      case 'queued':
        this.#schedule(job.id);
        return job;
      case 'running': {
        const running = job.status === 'queued' ? await this.#deps.store.update(job.id, ['queued'], { status: 'running' }) : job;
        this.#schedule(job.id);
        return running ?? job;
      }
      case 'failed':
        return this.#fail(job, progress.reason, 'upstream_error');
      case 'canceled':
        return this.cancel(job);
      case 'succeeded':
        return this.#succeed(job, progress);
    }
  }

  async #succeed(job: Job, progress: Extract<JobProgress, { status: 'succeeded' }>): Promise<Job> {
    const { adapter, settings } = this.#context(job);
    const files: JobFile[] = [];
    for (const file of progress.files) files.push(await this.#rehost(file.url, file.mediaType, adapter, settings, job.provider));
    const offer = this.#deps.catalog.get(job.model)?.providers.find((candidate) => candidate.provider === job.provider);
    const cost = computeMediaCost(progress.units, offer?.pricing, job.input)?.costNanos ?? null;
    const done = await this.#deps.store.update(job.id, ['queued', 'running'], {
      status: 'succeeded',
      output: { files, ...(progress.text ? { text: progress.text } : {}), ...(progress.data ? { data: progress.data } : {}) },
      units: progress.units,
      costNanos: cost ?? 0n,
      completedAt: this.#now(),
    });
    if (!done) return (await this.#deps.store.get(job.id)) ?? job;
    await this.#deps.billing.capture(job.reservationId, { amountNanos: cost ?? 0n, priced: cost !== null, provider: job.provider, model: job.upstreamModel });
    this.#records.get(job.id)?.finish({ attempts: [...(this.#failedOver.get(job.id) ?? []), { provider: job.provider, upstreamModel: job.upstreamModel, status: 200, latencyMs: this.#now() - job.createdAt }], target: this.#target(job), costNanos: cost === null ? null : Number(cost) });
    this.#settled(done);
    return done;
  }

  /** Ends a job failed with the provider's reason; nothing is charged. `attempts`: the submissions tried, when it never got going. */
  async #fail(job: Job, reason: string, code: string, attempts?: Attempt[]): Promise<Job> {
    const failed = await this.#deps.store.update(job.id, ['queued', 'running'], { status: 'failed', error: { code, message: reason }, costNanos: 0n, completedAt: this.#now() });
    if (!failed) return (await this.#deps.store.get(job.id)) ?? job;
    await this.#deps.billing.release(job.reservationId);
    const status = attempts?.at(-1)?.status ?? 502;
    const tried = attempts?.length ? attempts : [...(this.#failedOver.get(job.id) ?? []), { provider: job.provider, upstreamModel: job.upstreamModel, status, error: reason, latencyMs: this.#now() - job.createdAt }];
    this.#records.get(job.id)?.fail(new GatewayError({ status, code: code as GatewayError['code'], message: reason }), tried, { target: this.#target(job), costNanos: 0 });
    this.#settled(failed);
    return failed;
  }

  /** A final job: wake waiters, send its webhook, forget its timers. */
  #settled(job: Job): void {
    this.#stopPolling(job.id);
    this.#records.delete(job.id);
    this.#errors.delete(job.id);
    this.#failedOver.delete(job.id);
    for (const wake of this.#waiters.get(job.id) ?? []) wake(job);
    this.#waiters.delete(job.id);
    this.notify(job);
  }

  #schedule(id: string, delayMs = this.#deps.pollIntervalMs ?? 1000): void {
    if (this.#closed || this.#timers.has(id)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      const poll = this.#poll(id).finally(() => this.#inFlight.delete(poll));
      this.#inFlight.add(poll);
    }, delayMs);
    timer.unref();
    this.#timers.set(id, timer);
  }

  #stopPolling(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  async #poll(id: string): Promise<void> {
    const job = await this.#deps.store.get(id);
    if (!job || isFinal(job.status) || !job.upstreamId || this.#closed) return;
    try {
      const { adapter, settings, request } = this.#context(job);
      const body = await this.#send(await adapter.buildPoll(job.upstreamId, settings), adapter, settings, job.provider);
      this.#errors.delete(id);
      await this.#advance(job, adapter.parsePoll(body, request));
    } catch (thrown) {
      const errors = (this.#errors.get(id) ?? 0) + 1;
      this.#errors.set(id, errors);
      const message = thrown instanceof GatewayError ? thrown.message : (thrown as Error).message;
      this.#deps.log?.(`job ${id}: poll failed (${errors}): ${message}`);
      if (errors >= (this.#deps.maxPollErrors ?? 5)) await this.#fail(job, `The provider could not be polled: ${message}`, 'upstream_unavailable');
      else this.#schedule(id);
    }
  }

  async #send(upstreamRequest: UpstreamRequest, adapter: JobAdapter, settings: ProviderSettings, provider: string): Promise<unknown> {
    const response = await this.#deps.upstream.send(upstreamRequest, provider);
    const text = await response.body.text();
    if (response.status >= 400) throw adapter.parseError(response.status, response.headers, text, settings);
    try {
      return JSON.parse(text);
    } catch {
      throw new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Provider '${provider}' sent a response that is not JSON.` });
    }
  }

  /** Downloads a provider's output file (its URLs expire) into the file store. */
  async #rehost(url: string, mediaType: string | undefined, adapter: JobAdapter, settings: ProviderSettings, provider: string): Promise<JobFile> {
    const response = await this.#deps.upstream.send({ method: 'GET', url, headers: adapter.downloadHeaders(url, settings) }, provider);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body) chunks.push(chunk);
    if (response.status >= 400) throw new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Downloading the output from '${provider}' failed with ${response.status}.` });
    const data = Buffer.concat(chunks);
    const type = mediaType ?? String(response.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
    const fileId = randomId('file_', 16);
    await this.#deps.files.put(fileId, data, type);
    return { fileId, mediaType: type, bytes: data.byteLength };
  }

  #context(job: Job, provider = job.provider, upstreamModel = job.upstreamModel): { adapter: JobAdapter; settings: ProviderSettings; request: MediaRequest } {
    const context = this.#tryContext(job, provider, upstreamModel);
    if (!context) throw new GatewayError({ status: 503, code: 'upstream_unavailable', provider, message: `Provider '${provider}' is not configured on this gateway for '${job.model}'.` });
    return context;
  }

  #tryContext(job: Job, provider = job.provider, upstreamModel = job.upstreamModel): { adapter: JobAdapter; settings: ProviderSettings; request: MediaRequest } | undefined {
    const adapter = jobAdapterFor(provider, upstreamModel);
    const settings = this.#deps.providers.get(provider);
    if (!adapter || !settings) return undefined;
    return { adapter, settings, request: { kind: adapter.kind, model: job.model, input: job.input } };
  }

  #target(job: Job) {
    return { provider: { id: job.provider }, upstreamModel: job.upstreamModel, model: { id: job.model } };
  }
}
