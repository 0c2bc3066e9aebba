import { GatewayError, toGatewayError } from '../core/errors.ts';
import type { StreamEvent } from '../core/events.ts';
import type { InboundFormat, ParsedRequest } from '../api/inbound-format.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import type { Catalog } from './catalog/load-catalog.ts';
import { resolveTargets, type RouteTarget } from './resolve-targets.ts';
import { isRetryable } from './is-retryable.ts';
import type { UpstreamClient } from './upstream-client.ts';
import { gatewayBodyFields } from './provider-preferences.ts';

export type InferenceDeps = {
  catalog: Catalog;
  providers: Map<string, ProviderSettings>;
  upstream: UpstreamClient;
};

export type InferenceRequest = {
  format: InboundFormat;
  parsed: ParsedRequest;
  /** The client's body as parsed JSON, forwarded untranslated when the target speaks the client's format. */
  rawBody: Record<string, unknown>;
  signal: AbortSignal;
};

/** What served the request, for response headers and (later) the request log. */
export type Attempt = { provider: string; upstreamModel: string; status: number; error?: string; latencyMs: number };

export type InferenceOutcome = {
  target: RouteTarget;
  attempts: Attempt[];
  result:
    | { kind: 'json'; body: unknown }
    | { kind: 'stream'; frames: AsyncIterable<string> }
    /** Passthrough: the upstream's own bytes, relayed as they come. */
    | { kind: 'raw'; status: number; contentType: string; body: AsyncIterable<Uint8Array> };
};

/**
 * Runs one inference: resolves the model to providers, tries them in preference order until
 * one answers, and returns the answer rendered in the client's format. A provider that fails
 * before sending anything is invisible to the client when another one succeeds.
 */
export async function runInference(input: InferenceRequest, deps: InferenceDeps, now: () => number = Date.now): Promise<InferenceOutcome> {
  const targets = resolveTargets(input.parsed.request.model, deps.catalog, deps.providers);
  const attempts: Attempt[] = [];
  let lastError: GatewayError | undefined;
  for (const target of targets) {
    const started = now();
    try {
      const result = await attempt(input, target, deps);
      attempts.push({ provider: target.provider.id, upstreamModel: target.upstreamModel, status: 200, latencyMs: now() - started });
      return { target, attempts, result };
    } catch (thrown) {
      const error = toGatewayError(thrown);
      attempts.push({ provider: target.provider.id, upstreamModel: target.upstreamModel, status: error.status, error: error.message, latencyMs: now() - started });
      if (!isRetryable(error) || input.signal.aborted) throw error;
      lastError = error;
    }
  }
  throw lastError ?? GatewayError.internal('No provider attempted.');
}

async function attempt(input: InferenceRequest, target: RouteTarget, deps: InferenceDeps): Promise<InferenceOutcome['result']> {
  const { adapter } = target;
  const { request, render } = input.parsed;
  const upstreamRequest = await adapter.buildRequest(request, target.upstreamModel, target.settings);
  const passthrough = adapter.wireFormat === input.format.id && adapter.passthroughBody !== undefined;
  if (passthrough) upstreamRequest.body = adapter.passthroughBody!(withoutGatewayFields(input.rawBody), target.upstreamModel);

  const response = await deps.upstream.send(upstreamRequest, target.provider.id, input.signal);
  if (response.status >= 400) {
    const text = await response.body.text().catch(() => '');
    throw adapter.parseError(response.status, response.headers, text, target.settings);
  }

  if (passthrough) {
    const contentType = String(response.headers['content-type'] ?? (request.stream ? 'text/event-stream' : 'application/json'));
    return { kind: 'raw', status: response.status, contentType, body: response.body };
  }
  if (!request.stream) {
    const json = await response.body.json().catch(() => {
      throw new GatewayError({ status: 502, code: 'upstream_error', provider: target.provider.id, message: `Provider '${target.provider.id}' sent a response that is not JSON.` });
    });
    return { kind: 'json', body: input.format.renderResponse(adapter.parseResponse(json), render) };
  }

  // Read the first event before answering: an error there can still fail over invisibly.
  const events = adapter.parseStream(response.body)[Symbol.asyncIterator]();
  const first = await events.next();
  if (!first.done && first.value.type === 'error') throw first.value.error;
  return { kind: 'stream', frames: input.format.renderStream(resume(first, events), render) };
}

async function* resume(first: IteratorResult<StreamEvent>, rest: AsyncIterator<StreamEvent>): AsyncGenerator<StreamEvent> {
  try {
    if (first.done) return;
    yield first.value;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    // A client that goes away stops the upstream read too (and releases its connection).
    await rest.return?.();
  }
}

/** The client's body minus the fields that are instructions to the gateway, not the provider. */
function withoutGatewayFields(body: Record<string, unknown>): Record<string, unknown> {
  if (!gatewayBodyFields.some((field) => field in body)) return body;
  const copy = { ...body };
  for (const field of gatewayBodyFields) delete copy[field];
  return copy;
}
