import type { IncomingHttpHeaders } from 'node:http';
import type { InboundFormat, ParsedRequest } from '../api/inbound-format.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import type { ProviderDefinition } from '../providers/provider-table.ts';
import type { Catalog } from './catalog/load-catalog.ts';
import type { RouteTarget } from './resolve-targets.ts';
import type { UpstreamClient } from './upstream-client.ts';
import { gatewayBodyFields, parseProviderPreferences } from './provider-preferences.ts';
import { defaultReliabilityConfig, type ReliabilityConfig } from './reliability-config.ts';
import type { HealthStore } from './health-store.ts';
import { readRequestOverrides } from './request-overrides.ts';
import { requestedModels, routeCandidates } from './route-candidates.ts';
import { FailoverLoop, type Attempt } from './failover-loop.ts';
import { notJson, openBytes, openEvents, openWhole, type AttemptLimits } from './open-attempt.ts';
import { failoverStream } from './failover-stream.ts';
import { continuationRequest } from './continuation-request.ts';
import { completionLatch, observeBytes, observeEvents, type Completion } from './completion.ts';
import type { CanonicalResponse } from '../core/response.ts';

export type { Attempt } from './failover-loop.ts';

export type InferenceDeps = {
  catalog: Catalog;
  providers: Map<string, ProviderSettings>;
  /** The config file's OpenAI-compatible providers, after the built-in table. */
  customProviders?: readonly ProviderDefinition[];
  upstream: UpstreamClient;
  /** Failover, retry and timeout settings; the defaults when absent. */
  reliability?: ReliabilityConfig;
  /** Circuit breakers; none when absent. */
  health?: HealthStore;
  now?: () => number;
  random?: () => number;
};

export type InferenceRequest = {
  format: InboundFormat;
  parsed: ParsedRequest;
  /** The client's body as parsed JSON, forwarded untranslated when the target speaks the client's format. */
  rawBody: Record<string, unknown>;
  /**
   * The client's connection. It cancels attempts and waits only until the answer begins;
   * once a stream is handed out, its upstream reads run until the stream is consumed or
   * `return()`ed, whatever happens to the client.
   */
  signal: AbortSignal;
  /** Request headers, for `x-switchyard-max-attempts` and `x-switchyard-timeout-ms`. */
  headers?: IncomingHttpHeaders;
  /**
   * Called with the candidate targets before any upstream call; throwing refuses the request
   * (a wallet that cannot cover it, a rate limit). Billing reserves here.
   */
  admit?: (targets: readonly RouteTarget[]) => Promise<void>;
  /** Filled with every upstream attempt, also when the run fails (the outcome has them too). */
  attempts?: Attempt[];
};

export type InferenceOutcome = {
  /** The target that began the answer (for a stream, its first leg). */
  target: RouteTarget;
  /**
   * Every upstream call so far. For a stream the array keeps growing while the stream runs
   * (mid-stream continuations), so read it again at the end for the request log.
   */
  attempts: Attempt[];
  result:
    | { kind: 'json'; body: unknown }
    | { kind: 'stream'; frames: AsyncIterable<string> }
    /** Passthrough: the upstream's own bytes, relayed as they come. */
    | { kind: 'raw'; status: number; contentType: string; body: AsyncIterable<Uint8Array> }
    /** Passthrough of a whole (non-streamed) answer: the upstream's own bytes, already read. */
    | { kind: 'bytes'; status: number; contentType: string; bytes: Uint8Array };
  /** Resolves when the answer has been read to its end, with usage for billing and the log. */
  completion: Promise<Completion>;
};

/**
 * Runs one inference: resolves the requested models to providers (preferences applied),
 * tries them under the retry policy until one answers, and returns the answer rendered in the
 * client's format. Failures before the answer begins are invisible to the client; a stream
 * that breaks part-way is continued on the next provider (docs/reliability.md).
 */
export async function runInference(input: InferenceRequest, deps: InferenceDeps): Promise<InferenceOutcome> {
  const config = deps.reliability ?? defaultReliabilityConfig;
  const now = deps.now ?? Date.now;
  const { request, render } = input.parsed;
  const overrides = readRequestOverrides(input.headers, config);
  const preferences = parseProviderPreferences(input.rawBody);
  const targets = routeCandidates(requestedModels(request.model, input.rawBody), preferences, deps.catalog, deps.providers, deps.customProviders);
  await input.admit?.(targets);
  const completion = completionLatch();
  const loop = await FailoverLoop.create(targets, {
    attempts: input.attempts,
    config,
    maxAttempts: overrides.maxAttempts,
    health: deps.health,
    now,
    random: deps.random ?? Math.random,
  });
  // Each attempt's timeout is cut to what is left of the run's deadline.
  const io = (deadline: number, firstByteMs: number) => ({
    upstream: deps.upstream,
    limits: { firstByteMs: Math.max(1, Math.min(firstByteMs, deadline - now())), idleMs: config.idleTimeoutMs } satisfies AttemptLimits,
  });
  const passthroughFor = (target: RouteTarget) => target.adapter.wireFormat === input.format.id && target.adapter.passthroughBody !== undefined;
  const buildFor = async (target: RouteTarget) => {
    const { adapter } = target;
    if (!passthroughFor(target)) return adapter.buildRequest(request, target.upstreamModel, target.settings);
    // URL and headers only where the adapter can: the canonical body would be thrown away.
    const upstreamRequest = adapter.buildPassthroughRequest
      ? await adapter.buildPassthroughRequest(target.upstreamModel, target.settings, request.stream)
      : await adapter.buildRequest(request, target.upstreamModel, target.settings);
    upstreamRequest.body = target.adapter.passthroughBody!(withoutGatewayFields(input.rawBody), target.upstreamModel);
    // A signature over the body (SigV4) must be made again for the body actually sent.
    return target.adapter.signPassthrough ? target.adapter.signPassthrough(upstreamRequest, target.settings) : upstreamRequest;
  };

  if (!request.stream) {
    const served = await loop.run(async (target, deadline): Promise<{ result: InferenceOutcome['result']; response: CanonicalResponse }> => {
      const whole = await openWhole(target, await buildFor(target), { ...io(deadline, overrides.responseTimeoutMs), signal: input.signal });
      let json: unknown;
      try {
        // A view, not Buffer.from(bytes): that would copy the whole answer once more.
        json = JSON.parse(Buffer.from(whole.bytes.buffer, whole.bytes.byteOffset, whole.bytes.byteLength).toString('utf8'));
      } catch {
        throw notJson(target.provider.id);
      }
      // Parsed also when passed through: the usage is what billing charges.
      const response: CanonicalResponse = target.adapter.parseResponse(json);
      const result: InferenceOutcome['result'] = passthroughFor(target)
        ? { kind: 'bytes', status: whole.status, contentType: whole.contentType, bytes: whole.bytes }
        : { kind: 'json', body: input.format.renderResponse(response, render) };
      return { result, response };
    }, input.signal);
    await loop.succeed(served.target, served.attempt);
    const { response } = served.value;
    completion.resolve({ target: served.target, usage: response.usage, finishReason: response.finishReason, firstTokenAt: now() });
    return { target: served.target, attempts: loop.attempts, result: served.value.result, completion: completion.promise };
  }

  // Mid-stream failover needs the events, so streams are translated unless it is switched off.
  if (!config.midStreamFailover && targets.every(passthroughFor)) {
    const served = await loop.run(
      async (target, deadline) => openBytes(target, await buildFor(target), { ...io(deadline, overrides.firstByteTimeoutMs), signal: input.signal }),
      input.signal,
    );
    const { status, contentType, items } = served.value;
    void loop.succeed(served.target, served.attempt);
    const body = observeBytes(items, served.target.adapter, now, (observed) => completion.resolve({ ...observed, target: served.target }));
    return { target: served.target, attempts: loop.attempts, result: { kind: 'raw', status, contentType, body }, completion: completion.promise };
  }

  const first = await loop.run((target, deadline) => openEvents(target, request, { ...io(deadline, overrides.firstByteTimeoutMs), signal: input.signal }), input.signal);
  let current = first;
  const events = failoverStream(first.value, {
    canContinue: config.midStreamFailover,
    legFailed: (error) => loop.fail(current.index, current.attempt, error),
    legSucceeded: () => loop.succeed(current.target, current.attempt),
    async continueFrom(produced) {
      let strip = false;
      current = await loop.run(async (target, deadline) => {
        const continuation = continuationRequest(request, produced.text, target.adapter.wireFormat);
        strip = continuation.stripLeadingWhitespace;
        return openEvents(target, continuation.request, io(deadline, overrides.firstByteTimeoutMs));
      });
      return { stream: current.value, stripLeadingWhitespace: strip };
    },
  });
  const observed = observeEvents(events, now, (seen) => completion.resolve({ ...seen, target: current.target }));
  return { target: first.target, attempts: loop.attempts, result: { kind: 'stream', frames: input.format.renderStream(observed, render) }, completion: completion.promise };
}

/** The client's body minus the fields that are instructions to the gateway, not the provider. */
function withoutGatewayFields(body: Record<string, unknown>): Record<string, unknown> {
  if (!gatewayBodyFields.some((field) => field in body)) return body;
  const copy = { ...body };
  for (const field of gatewayBodyFields) delete copy[field];
  return copy;
}
