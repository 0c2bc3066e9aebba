import { parseEmbeddingsRequest, renderEmbeddingsResponse } from '../../api/openai-embeddings/index.ts';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embeddings.ts';
import { GatewayError } from '../../core/errors.ts';
import type { EmbeddingAdapter } from '../../providers/embedding-adapter.ts';
import { tryTargets } from '../../routing/try-targets.ts';
import { applyPreferences, parseProviderPreferences } from '../../routing/provider-preferences.ts';
import { resolveTargets, type RouteTarget } from '../../routing/resolve-targets.ts';
import type { InferenceDeps } from '../../routing/run-inference.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import type { Handler } from '../request-context.ts';
import { sendJson } from '../respond.ts';
import { refuseChatModel } from './model-kind.ts';

type EmbeddingTarget = RouteTarget & { embeddings: EmbeddingAdapter };

/** Upstream calls in flight at once when a request is split into batches. */
const BATCH_CONCURRENCY = 4;

/**
 * `POST /v1/embeddings` in OpenAI's shape, for every provider with an embeddings adapter:
 * resolve the model, try its providers in order (failing over on retryable errors, as chat
 * does), split inputs into the provider's batch size, and answer with vectors in input order.
 */
export function embeddingsHandler(deps: InferenceDeps & { bodyLimitBytes: number }): Handler {
  return async (ctx) => {
    const rawBody = parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes));
    const request = parseEmbeddingsRequest(rawBody);
    const targets = embeddingTargets(request.model, rawBody, deps);
    const { result: response, target, attempts } = await tryTargets(targets, ctx.signal, (target) => embedWith(target, request, deps, ctx.signal));
    sendJson(ctx.res, 200, renderEmbeddingsResponse(response, request), {
      'x-switchyard-request-id': ctx.requestId,
      'x-switchyard-provider': target.provider.id,
      'x-switchyard-model': target.model?.id ?? `${target.provider.id}/${target.upstreamModel}`,
      'x-switchyard-attempts': String(attempts.length),
    });
  };
}

/** The model's providers that offer embeddings, in preference order; 400 for chat models. */
function embeddingTargets(requested: string, rawBody: Record<string, unknown>, deps: InferenceDeps): EmbeddingTarget[] {
  const targets = resolveTargets(requested, deps.catalog, deps.providers, deps.customProviders);
  refuseChatModel(targets[0]?.model, requested);
  const embeddable = targets.flatMap((target): EmbeddingTarget[] => {
    const embeddings = target.provider.embeddingAdapterFor?.(target.upstreamModel);
    return embeddings ? [{ ...target, embeddings }] : [];
  });
  if (embeddable.length === 0) {
    const names = [...new Set(targets.map((target) => target.provider.id))].join(', ');
    throw GatewayError.unsupported(`Embeddings for '${requested}'`, names, 'model');
  }
  const chosen = applyPreferences(embeddable, parseProviderPreferences(rawBody));
  if (chosen.length === 0) throw GatewayError.invalidRequest(`The provider preferences leave no provider for '${requested}'.`, 'provider');
  return chosen;
}

/** One provider's answer for the whole request, in as many upstream calls as its batch size needs. */
async function embedWith(target: EmbeddingTarget, request: EmbeddingRequest, deps: InferenceDeps, signal: AbortSignal): Promise<EmbeddingResponse> {
  const size = Math.max(1, target.embeddings.maxInputsPerCall(target.upstreamModel));
  const batches: EmbeddingRequest[] = [];
  for (let start = 0; start < request.input.length; start += size) {
    batches.push({ ...request, input: request.input.slice(start, start + size) as EmbeddingRequest['input'] });
  }
  const results = new Array<EmbeddingResponse>(batches.length);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      results[index] = await callOnce(target, batches[index], deps, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, batches.length) }, worker));
  return {
    model: results[0].model,
    vectors: results.flatMap((result) => result.vectors),
    usage: {
      inputTokens: results.reduce((sum, result) => sum + result.usage.inputTokens, 0),
      ...(results.some((result) => result.usage.estimated) ? { estimated: true } : {}),
    },
  };
}

async function callOnce(target: EmbeddingTarget, request: EmbeddingRequest, deps: InferenceDeps, signal: AbortSignal): Promise<EmbeddingResponse> {
  const { embeddings, provider, settings } = target;
  const upstreamRequest = await embeddings.buildRequest(request, target.upstreamModel, settings);
  const response = await deps.upstream.send(upstreamRequest, provider.id, signal);
  if (response.status >= 400) {
    const text = await response.body.text().catch(() => '');
    throw embeddings.parseError(response.status, response.headers, text, settings);
  }
  const json = await response.body.json().catch(() => {
    throw new GatewayError({ status: 502, code: 'upstream_error', provider: provider.id, message: `Provider '${provider.id}' sent a response that is not JSON.` });
  });
  const parsed = embeddings.parseResponse(json, request);
  // A missing vector would silently shift every later index for the client.
  if (parsed.vectors.length !== request.input.length || Array.from(parsed.vectors).some((vector) => !vector)) {
    throw new GatewayError({
      status: 502,
      code: 'upstream_error',
      provider: provider.id,
      message: `Provider '${provider.id}' returned ${parsed.vectors.length} embeddings for ${request.input.length} inputs.`,
    });
  }
  return parsed;
}
