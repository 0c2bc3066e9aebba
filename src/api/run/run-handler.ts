import { computeMediaCost } from '../../billing/compute-media-cost.ts';
import { GatewayError } from '../../core/errors.ts';
import { randomId } from '../../core/ids.ts';
import type { Job } from '../../jobs/job.ts';
import { answersSynchronously, jobAdapterFor } from '../../jobs/job-adapters.ts';
import type { JobTarget } from '../../jobs/job-runner.ts';
import type { Jobs } from '../../jobs/open-jobs.ts';
import { estimateMediaUnits } from '../../media/estimate-media-units.ts';
import { normaliseMediaInput } from '../../media/normalise-media-input.ts';
import type { ParameterSchema } from '../../media/parameter-schema.ts';
import type { MediaDeps } from '../../media/run-media.ts';
import { METADATA_HEADER, parseMetadataHeader } from '../../observability/parse-metadata-header.ts';
import type { CatalogModel } from '../../routing/catalog/catalog-schema.ts';
import { applyPreferences, parseProviderPreferences, type ProviderPreferences } from '../../routing/provider-preferences.ts';
import { resolveTargets, type RouteTarget } from '../../routing/resolve-targets.ts';
import { localCaller } from '../../server/auth.ts';
import { admitLimits } from '../../server/handlers/request-controls.ts';
import { parseJsonObject, readBody } from '../../server/read-body.ts';
import type { Handler, RequestContext } from '../../server/request-context.ts';
import { sendJson } from '../../server/respond.ts';
import { jobView } from './jobs-handlers.ts';
import { parseRunRequest, type RunRequest } from './run-request.ts';
import { resolveFileInputs } from './resolve-file-inputs.ts';
import { mediaOperation, runSynchronously } from './run-synchronously.ts';
import { validateInput } from './validate-input.ts';

export type RunDeps = MediaDeps & {
  jobs: Jobs;
  bodyLimitBytes: number;
  /** How long a synchronous model may take before the run is answered as a 202 job instead; 120 s by default. */
  syncWaitMs?: number;
};

/** A model without a parameter schema takes a prompt. */
const PROMPT_ONLY: ParameterSchema = { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] };

/**
 * `POST /v1/run/{author}/{model}` with `{input, webhook?, output?, provider?}`: one API for every
 * media model. Synchronous models (images, speech, transcription) take the path of
 * `/v1/images/*` and `/v1/audio/*` and answer with their output; long-running ones (video, music,
 * every Replicate model) are submitted as jobs, failing over across the model's offers on a
 * retryable refusal, and answer `202` with a job to poll at `GET /v1/jobs/{id}` (or a webhook).
 * Money is held at submission and charged on success from what the provider produced; a failed
 * run costs nothing.
 */
export function runHandler(deps: RunDeps): Handler {
  return async (ctx) => {
    const modelId = `${ctx.params.author}/${ctx.params.model}`;
    const model = deps.catalog.get(modelId);
    if (!model) throw new GatewayError({ status: 404, code: 'model_not_found', param: 'model', message: `The model '${modelId}' is not in the catalog (GET /v1/models lists them).` });
    if (!model.kind) throw GatewayError.invalidRequest(`'${modelId}' is a text model: use POST /v1/chat/completions for it.`, 'model');
    const body = parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes));
    const run = parseRunRequest(body);
    const preferences = parseProviderPreferences(body);
    await admitLimits(ctx, deps.controls.limits);
    const caller = ctx.caller ?? localCaller;
    const traceparent = typeof ctx.req.headers.traceparent === 'string' ? ctx.req.headers.traceparent : undefined;
    const input = await resolveFileInputs(run.input, deps.jobs.files, deps.jobs.linkSecret);

    let job: Job;
    if (servedAsJob(model)) {
      job = await submitJob(ctx, model, input, run, preferences, deps, traceparent);
    } else {
      const context = { requestId: ctx.requestId, caller, signal: ctx.signal, format: 'run', rawBody: body, metadata: parseMetadataHeader(ctx.req.headers[METADATA_HEADER]), traceparent };
      job = await runSynchronously(model, input, { ...context, operation: mediaOperation({ kind: model.kind }), webhookUrl: run.webhook }, deps);
    }
    const headers = { 'x-switchyard-request-id': ctx.requestId, 'x-switchyard-provider': job.provider, 'x-switchyard-model': model.id };
    const extra = run.webhook && !deps.jobs.sharedWebhookSecret ? { webhook_secret: deps.jobs.webhookSecret(caller.accountId) } : {};
    sendJson(ctx.res, job.status === 'succeeded' ? 200 : 202, { ...(await jobView(job, deps.jobs, run.output)), ...extra }, headers);
  };
}

/** Whether the model's providers run it as a job (Replicate predictions, Veo operations) rather than answering at once. */
function servedAsJob(model: CatalogModel): boolean {
  return model.providers.some((offer) => jobAdapterFor(offer.provider, offer.model) !== undefined);
}

/**
 * Validates the input (normalised first, so `size` reaches a model that takes `aspect_ratio`),
 * holds the most any offer would charge, and submits the job to the model's offers in preference
 * order. A model quick enough to answer synchronously (Replicate's `sync` models) is waited for.
 */
async function submitJob(ctx: RequestContext, model: CatalogModel, raw: Record<string, unknown>, run: RunRequest, preferences: ProviderPreferences, deps: RunDeps, traceparent: string | undefined): Promise<Job> {
  const schema = deps.parameterSchemas(model) ?? PROMPT_ONLY;
  const input = validateInput(normaliseMediaInput(raw, schema), schema, model.id);
  const targets = jobTargets(model, preferences, deps);
  const units = estimateMediaUnits({ kind: model.kind!, model: model.id, input }, input);
  let estimate = 0n;
  for (const target of targets) {
    const cost = computeMediaCost(units, target.offer?.pricing, input)?.costNanos ?? 0n;
    if (cost > estimate) estimate = cost;
  }
  const [first] = targets;
  const caller = ctx.caller ?? localCaller;
  const reservationId = await deps.jobs.billing.reserve({ accountId: caller.accountId, keyId: caller.keyId, requestId: ctx.requestId, amountNanos: estimate, provider: first.provider.id, model: first.upstreamModel });
  const now = Date.now();
  const job: Job = {
    id: randomId('job_', 12),
    accountId: caller.accountId,
    ...(caller.keyId ? { keyId: caller.keyId } : {}),
    requestId: ctx.requestId,
    model: model.id,
    provider: first.provider.id,
    upstreamModel: first.upstreamModel,
    status: 'queued',
    input,
    ...(run.webhook ? { webhookUrl: run.webhook } : {}),
    ...(reservationId ? { reservationId } : {}),
    createdAt: now,
    updatedAt: now,
  };
  const wait = answersSynchronously(first.provider.id, first.upstreamModel);
  let current = await deps.jobs.runner.submit(job, { wait, traceparent, targets, signal: ctx.signal });
  if (wait && current.status !== 'succeeded' && current.status !== 'failed') current = (await deps.jobs.runner.waitFor(job.id, deps.syncWaitMs ?? 120_000)) ?? current;
  if (wait && current.status === 'failed') throw failure(current);
  return current;
}

/** The model's configured offers that run as jobs, in preference order. */
function jobTargets(model: CatalogModel, preferences: ProviderPreferences, deps: RunDeps): Array<RouteTarget & JobTarget> {
  const served = resolveTargets(model.id, deps.catalog, deps.providers, deps.customProviders).filter((target) => jobAdapterFor(target.provider.id, target.upstreamModel));
  if (served.length === 0) {
    throw new GatewayError({ status: 503, code: 'upstream_unavailable', message: `None of the configured providers of '${model.id}' can run it (${model.providers.map((offer) => offer.provider).join(', ')}).` });
  }
  const chosen = applyPreferences(served, preferences);
  if (chosen.length === 0) throw GatewayError.invalidRequest(`The provider preferences leave no provider for '${model.id}'.`, 'provider');
  return chosen;
}

/** A synchronous run that failed upstream: the provider's reason, as a 502 naming it. */
function failure(job: Job): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider: job.provider, message: `The run failed at '${job.provider}': ${job.error?.message ?? 'no reason given'} (job ${job.id}; nothing was charged).` });
}
