import { GatewayError, toGatewayError } from '../../core/errors.ts';
import { randomId } from '../../core/ids.ts';
import type { MediaFile, MediaOutput, MediaRequest } from '../../core/media.ts';
import type { Job, JobFile } from '../../jobs/job.ts';
import { answersSynchronously, jobAdapterFor } from '../../jobs/job-adapters.ts';
import { mediaCostNanos } from '../../jobs/media-cost.ts';
import type { Jobs } from '../../jobs/open-jobs.ts';
import type { Observability } from '../../observability/create-observability.ts';
import type { JobAdapter } from '../../providers/job-adapter.ts';
import type { MediaAdapter } from '../../providers/media-adapter.ts';
import type { ProviderSettings, UpstreamRequest } from '../../providers/provider-adapter.ts';
import { findProvider } from '../../providers/provider-table.ts';
import type { CatalogModel, CatalogProviderOffer } from '../../routing/catalog/catalog-schema.ts';
import type { Catalog } from '../../routing/catalog/load-catalog.ts';
import type { UpstreamClient } from '../../routing/upstream-client.ts';
import { localCaller } from '../../server/auth.ts';
import { parseJsonObject, readBody } from '../../server/read-body.ts';
import type { Handler, RequestContext } from '../../server/request-context.ts';
import { sendJson } from '../../server/respond.ts';
import { estimateUnits } from './estimate-units.ts';
import { jobView } from './jobs-handlers.ts';
import { modelParameters } from './model-parameters.ts';
import { parseRunRequest, type RunRequest } from './run-request.ts';
import { resolveFileInputs } from './resolve-file-inputs.ts';
import { validateInput } from './validate-input.ts';

export type RunDeps = {
  catalog: Catalog;
  catalogDir: string;
  providers: Map<string, ProviderSettings>;
  upstream: UpstreamClient;
  observability: Observability;
  jobs: Jobs;
  bodyLimitBytes: number;
  /** How long a synchronous model may take before the run is answered as a 202 job instead; 120 s by default. */
  syncWaitMs?: number;
};

type Target =
  | { kind: 'job'; offer: CatalogProviderOffer; settings: ProviderSettings; adapter: JobAdapter }
  | { kind: 'sync'; offer: CatalogProviderOffer; settings: ProviderSettings; adapter: MediaAdapter };

/**
 * `POST /v1/run/{author}/{model}` with `{input, webhook?, output?}`: one API for every media
 * model. The input is checked against the model's catalog schema; synchronous models (images,
 * speech) answer with their output; slow ones (video, music) answer `202` with a job to poll at
 * `GET /v1/jobs/{id}` (or a webhook). Money is held at submission from the model's unit price
 * and charged on success from what the provider produced; a failed run costs nothing.
 */
export function runHandler(deps: RunDeps): Handler {
  return async (ctx) => {
    const modelId = `${ctx.params.author}/${ctx.params.model}`;
    const model = deps.catalog.get(modelId);
    if (!model) throw new GatewayError({ status: 404, code: 'model_not_found', param: 'model', message: `The model '${modelId}' is not in the catalog (GET /v1/models lists them).` });
    if (!model.kind) throw GatewayError.invalidRequest(`'${modelId}' is a text model: use POST /v1/chat/completions for it.`, 'model');
    const run = parseRunRequest(parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes)));
    const validated = validateInput(run.input, modelParameters(model, deps.catalogDir), modelId);
    const input = await resolveFileInputs(validated, deps.jobs.files, deps.jobs.linkSecret);
    const target = chooseTarget(model, deps.providers);
    const caller = ctx.caller ?? localCaller;
    const estimate = mediaCostNanos(estimateUnits(model, input, target.offer.pricing), target.offer.pricing) ?? 0n;
    const reservationId = await deps.jobs.billing.reserve({ accountId: caller.accountId, keyId: caller.keyId, requestId: ctx.requestId, amountNanos: estimate, provider: target.offer.provider, model: target.offer.model });
    const now = Date.now();
    const job: Job = {
      id: randomId('job_', 12),
      accountId: caller.accountId,
      ...(caller.keyId ? { keyId: caller.keyId } : {}),
      requestId: ctx.requestId,
      model: model.id,
      provider: target.offer.provider,
      upstreamModel: target.offer.model,
      status: 'queued',
      input,
      ...(run.webhook ? { webhookUrl: run.webhook } : {}),
      ...(reservationId ? { reservationId } : {}),
      createdAt: now,
      updatedAt: now,
    };
    const headers = { 'x-switchyard-request-id': ctx.requestId, 'x-switchyard-provider': target.offer.provider, 'x-switchyard-model': model.id };
    const extra = run.webhook && !deps.jobs.sharedWebhookSecret ? { webhook_secret: deps.jobs.webhookSecret(caller.accountId) } : {};
    const traceparent = typeof ctx.req.headers.traceparent === 'string' ? ctx.req.headers.traceparent : undefined;

    if (target.kind === 'sync') {
      const done = await runSynchronously(job, target, model, ctx, deps, traceparent);
      sendJson(ctx.res, 200, { ...(await jobView(done, deps.jobs, run.output)), ...extra }, headers);
      return;
    }
    const wait = answersSynchronously(target.offer.provider, target.offer.model);
    let current = await deps.jobs.runner.submit(job, { wait, traceparent });
    if (wait && current.status !== 'succeeded' && current.status !== 'failed') current = (await deps.jobs.runner.waitFor(job.id, deps.syncWaitMs ?? 120_000)) ?? current;
    if (wait && current.status === 'failed') throw failure(current, target.offer.provider);
    const final = current.status === 'succeeded';
    sendJson(ctx.res, final ? 200 : 202, { ...(await jobView(current, deps.jobs, run.output)), ...extra }, headers);
  };
}

/** The first provider of the model that is configured and can run it, as a job or synchronously. */
function chooseTarget(model: CatalogModel, providers: Map<string, ProviderSettings>): Target {
  for (const offer of model.providers) {
    const settings = providers.get(offer.provider);
    if (!settings) continue;
    const jobAdapter = jobAdapterFor(offer.provider, offer.model);
    if (jobAdapter) return { kind: 'job', offer, settings, adapter: jobAdapter };
    const mediaAdapter = findProvider(offer.provider)?.mediaAdapterFor?.(offer.model, model.kind!);
    if (mediaAdapter) return { kind: 'sync', offer, settings, adapter: mediaAdapter };
  }
  throw new GatewayError({
    status: 503,
    code: 'upstream_unavailable',
    message: `Model '${model.id}' is served by ${model.providers.map((offer) => offer.provider).join(', ')}, but none of them is configured on this gateway (set its API key).`,
  });
}

/** A synchronous media model (OpenAI images, TTS...): one upstream call, kept as a finished job. */
async function runSynchronously(job: Job, target: Extract<Target, { kind: 'sync' }>, model: CatalogModel, ctx: RequestContext, deps: RunDeps, traceparent: string | undefined): Promise<Job> {
  const { jobs } = deps;
  const record = deps.observability.start({ requestId: job.requestId, caller: { accountId: job.accountId, keyId: job.keyId }, format: 'run', requestedModel: job.model, stream: false, operation: 'generate_content', traceparent });
  const request: MediaRequest = { kind: model.kind!, model: model.id, input: job.input };
  const started = Date.now();
  const attempt = (status: number, error?: string) => [{ provider: job.provider, upstreamModel: job.upstreamModel, status, latencyMs: Date.now() - started, ...(error ? { error } : {}) }];
  const servingTarget = { provider: { id: job.provider }, upstreamModel: job.upstreamModel, model: { id: job.model } };
  let output: MediaOutput;
  try {
    const upstreamRequest = await target.adapter.buildRequest(request, target.offer.model, target.settings);
    const response = await deps.upstream.send(upstreamRequest as UpstreamRequest, target.offer.provider, ctx.signal);
    const body = await readAll(response.body);
    if (response.status >= 400) throw target.adapter.parseError(response.status, response.headers, Buffer.from(body).toString('utf8'), target.settings);
    output = target.adapter.parseResponse({ status: response.status, headers: response.headers, body }, request);
  } catch (thrown) {
    const error = toGatewayError(thrown);
    await jobs.billing.release(job.reservationId);
    record.fail(error, attempt(error.status, error.message), { target: servingTarget, costNanos: 0 });
    throw error;
  }
  const files: JobFile[] = [];
  for (const file of output.files) files.push(await keep(file, jobs, deps.upstream, job.provider));
  const cost = mediaCostNanos(output.units, target.offer.pricing);
  await jobs.billing.capture(job.reservationId, { amountNanos: cost ?? 0n, priced: cost !== null, provider: job.provider, model: job.upstreamModel });
  const completedAt = Date.now();
  const done: Job = {
    ...job,
    status: 'succeeded',
    output: { files, ...(output.text !== undefined ? { text: output.text } : {}), ...(output.data ? { data: output.data } : {}) },
    units: output.units,
    costNanos: cost ?? 0n,
    completedAt,
    updatedAt: completedAt,
  };
  await jobs.store.create(done);
  record.finish({ attempts: attempt(200), target: servingTarget, costNanos: cost === null ? null : Number(cost) });
  if (done.webhookUrl) jobs.runner.notify(done);
  return done;
}

/** Keeps a produced file in the file store: inline bytes as they are, a provider URL downloaded. */
async function keep(file: MediaFile, jobs: Jobs, upstream: UpstreamClient, provider: string): Promise<JobFile> {
  let data: Uint8Array;
  let mediaType: string;
  if (file.kind === 'inline') {
    data = file.data;
    mediaType = file.mediaType;
  } else {
    const response = await upstream.send({ method: 'GET', url: file.url, headers: {} }, provider);
    data = await readAll(response.body);
    if (response.status >= 400) throw new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Downloading the output from '${provider}' failed with ${response.status}.` });
    mediaType = file.mediaType ?? String(response.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
  }
  const fileId = randomId('file_', 16);
  await jobs.files.put(fileId, data, mediaType);
  return { fileId, mediaType, bytes: data.byteLength };
}

/** A synchronous run that failed upstream: the provider's reason, as a 502 naming it. */
function failure(job: Job, provider: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider, message: `The run failed at '${provider}': ${job.error?.message ?? 'no reason given'} (job ${job.id}; nothing was charged).` });
}

async function readAll(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
