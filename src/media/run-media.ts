import type { Billing, BillingHold } from '../billing/create-billing.ts';
import { computeMediaCost } from '../billing/compute-media-cost.ts';
import type { Nanos } from '../billing/nanos.ts';
import type { Byok } from '../byok/create-byok.ts';
import { GatewayError } from '../core/errors.ts';
import type { MediaKind, MediaOutput, MediaRequest } from '../core/media.ts';
import type { Usage } from '../core/usage.ts';
import type { Limits } from '../limits/create-limits.ts';
import type { Observability } from '../observability/create-observability.ts';
import type { MetadataValue } from '../observability/request-log-entry.ts';
import type { MediaAdapter, MediaUpstreamRequest } from '../providers/media-adapter.ts';
import type { ProviderSettings, UpstreamRequest } from '../providers/provider-adapter.ts';
import type { ProviderDefinition } from '../providers/provider-table.ts';
import type { Catalog } from '../routing/catalog/load-catalog.ts';
import type { Attempt } from '../routing/failover-loop.ts';
import { applyPreferences, parseProviderPreferences } from '../routing/provider-preferences.ts';
import { resolveTargets, type RouteTarget } from '../routing/resolve-targets.ts';
import { tryTargets } from '../routing/try-targets.ts';
import type { UpstreamClient } from '../routing/upstream-client.ts';
import { estimateMediaUnits } from './estimate-media-units.ts';
import { normaliseMediaInput } from './normalise-media-input.ts';
import type { parameterSchemaSource } from './parameter-schema.ts';
import { validateMediaInput } from './validate-media-input.ts';

export type MediaTarget = RouteTarget & { media: MediaAdapter };

export type MediaDeps = {
  catalog: Catalog;
  providers: Map<string, ProviderSettings>;
  customProviders?: readonly ProviderDefinition[];
  upstream: UpstreamClient;
  billing: Billing;
  observability: Observability;
  controls: { limits: Limits; byok: Byok };
  parameterSchemas: ReturnType<typeof parameterSchemaSource>;
  /** Largest provider answer read (images, audio), 200 MiB by default. */
  maxResponseBytes?: number;
  log?: (line: string) => void;
};

export type MediaRunContext = {
  requestId: string;
  caller: { accountId: string; keyId?: string };
  signal: AbortSignal;
  /** Inbound API, for the request log (`openai-images`, `openai-audio`, `run`). */
  format: string;
  /** GenAI operation for logs and spans: `image_generation`, `speech`, `transcription`... */
  operation: string;
  /** Gateway fields of a JSON body (`provider` preferences). */
  rawBody?: Record<string, unknown>;
  metadata?: Record<string, MetadataValue>;
  traceparent?: string;
};

/** A served media request: what the model produced, the input as sent, and what it cost. */
export type MediaRun = {
  output: MediaOutput;
  /** The input after normalisation, validation and defaults. */
  input: Record<string, unknown>;
  target: MediaTarget;
  attempts: Attempt[];
  /** Null when the model is unpriced (a `provider/model` passthrough). */
  costNanos: Nanos | null;
};

/**
 * One synchronous media request end to end, independent of HTTP: resolve the model's providers
 * that have a media adapter of this kind, normalise and validate the input against the model's
 * parameter schema (400 naming the parameter), hold the estimated cost (402 when the wallet
 * cannot cover it), try the providers in order with failover, then charge the exact cost of the
 * units the provider reported and write the request log. Used by `/v1/images/*`, `/v1/audio/*`
 * and, for synchronous models, `/v1/run`.
 */
export async function runMedia(request: MediaRequest, context: MediaRunContext, deps: MediaDeps): Promise<MediaRun> {
  const own = await deps.controls.byok.providersFor(context.caller.accountId, deps.providers);
  const targets = mediaTargets(request, context.rawBody ?? {}, own.providers, deps);
  const model = targets[0].model;
  const schema = deps.parameterSchemas(model);
  const input = schema ? validateMediaInput({ ...request, input: normaliseMediaInput(request.input, schema) }, schema) : { ...request.input };
  const prepared: MediaRequest = { ...request, input };

  const record = deps.observability.start({
    requestId: context.requestId,
    caller: context.caller,
    format: context.format,
    requestedModel: request.model,
    metadata: context.metadata,
    stream: false,
    operation: context.operation,
    traceparent: context.traceparent,
  });
  const attempts: Attempt[] = [];
  let hold: BillingHold | undefined;
  try {
    if (!targets.every((target) => own.byokProviders.has(target.provider.id))) {
      const units = estimateMediaUnits(prepared, input);
      let amountNanos = 0n;
      for (const target of targets) {
        const estimate = computeMediaCost(units, target.offer?.pricing, input)?.costNanos ?? 0n;
        if (estimate > amountNanos) amountNanos = estimate;
      }
      hold = await deps.billing.reserve({ accountId: context.caller.accountId, keyId: context.caller.keyId, requestId: context.requestId, amountNanos, target: targets });
    }
    const { result: output, target } = await tryTargets(targets, context.signal, (target) => callOnce(target, prepared, deps, context.signal), attempts);
    const costNanos = await settle(output, target, { hold, input, ownKey: own.byokProviders.has(target.provider.id), keyId: context.caller.keyId }, deps);
    record.finish({ attempts, target, usage: usageOf(output), costNanos: costNanos === null ? null : Number(costNanos) });
    return { output, input, target, attempts, costNanos };
  } catch (error) {
    if (hold) await deps.billing.cancel(hold).catch(() => undefined);
    record.fail(error, attempts);
    throw error;
  }
}

/** The model's providers that serve this kind of media, in preference order; a 400 for a model of another kind. */
function mediaTargets(request: MediaRequest, rawBody: Record<string, unknown>, providers: Map<string, ProviderSettings>, deps: MediaDeps): MediaTarget[] {
  const targets = resolveTargets(request.model, deps.catalog, providers, deps.customProviders);
  const model = targets[0]?.model;
  if (model && model.kind !== request.kind) {
    const what = model.kind ? `a ${model.kind} model` : 'not a media model';
    throw GatewayError.invalidRequest(`'${request.model}' is ${what}; this endpoint needs a ${request.kind} model (GET /v1/models lists each model's kind).`, 'model');
  }
  const served = targets.flatMap((target): MediaTarget[] => {
    const media = target.provider.mediaAdapterFor?.(target.upstreamModel, request.kind);
    return media ? [{ ...target, media }] : [];
  });
  if (served.length === 0) {
    const names = [...new Set(targets.map((target) => target.provider.id))].join(', ');
    throw GatewayError.unsupported(`${kindLabel(request.kind)} for '${request.model}'`, names, 'model');
  }
  const chosen = applyPreferences(served, parseProviderPreferences(rawBody));
  if (chosen.length === 0) throw GatewayError.invalidRequest(`The provider preferences leave no provider for '${request.model}'.`, 'provider');
  return chosen;
}

async function callOnce(target: MediaTarget, request: MediaRequest, deps: MediaDeps, signal: AbortSignal): Promise<MediaOutput> {
  const { media, provider, settings } = target;
  const upstreamRequest: MediaUpstreamRequest = await media.buildRequest(request, target.upstreamModel, settings);
  // undici sends byte bodies as they are; UpstreamRequest types its body as text only.
  const response = await deps.upstream.send(upstreamRequest as UpstreamRequest, provider.id, signal);
  const body = await readAll(response.body, deps.maxResponseBytes ?? 200 * 1024 * 1024, provider.id);
  if (response.status >= 400) throw media.parseError(response.status, response.headers, new TextDecoder().decode(body), settings);
  return media.parseResponse({ status: response.status, headers: response.headers, body }, request);
}

async function readAll(body: AsyncIterable<Uint8Array>, limit: number, provider: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) throw new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Provider '${provider}' answered with more than ${limit} bytes.` });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Charges the exact cost (or, on the account's own key, only prices it) and counts it against the key's budget. */
async function settle(
  output: MediaOutput,
  target: MediaTarget,
  context: { hold?: BillingHold; input: Record<string, unknown>; ownKey: boolean; keyId?: string },
  deps: MediaDeps,
): Promise<Nanos | null> {
  const costNanos = computeMediaCost(output.units, target.offer?.pricing, context.input)?.costNanos ?? null;
  const usage = usageOf(output);
  try {
    if (context.hold && !context.ownKey) {
      await deps.billing.settle(context.hold, { usage, provider: target.provider.id, model: target.upstreamModel, costNanos });
    } else if (context.hold) await deps.billing.cancel(context.hold);
    await deps.controls.limits.record({ keyId: context.keyId, usage, costNanos });
  } catch (error) {
    deps.log?.(`media settlement failed for ${context.hold?.reservationId ?? 'an unreserved request'}: ${(error as Error).message}`);
  }
  return costNanos;
}

/** Token usage for logs and limits (zero for models billed per image, second or character). */
function usageOf(output: MediaOutput): Usage {
  return { inputTokens: output.units.inputTokens ?? 0, outputTokens: output.units.outputTokens ?? 0 };
}

function kindLabel(kind: MediaKind): string {
  return { image: 'Image generation', speech: 'Text-to-speech', transcription: 'Transcription', video: 'Video generation', music: 'Music generation' }[kind];
}
