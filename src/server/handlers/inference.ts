import type { InboundFormat } from '../../api/inbound-format.ts';
import { GatewayError } from '../../core/errors.ts';
import { runInference, type InferenceDeps, type InferenceOutcome } from '../../routing/run-inference.ts';
import type { IdempotentResponse } from '../../stores/idempotency-store.ts';
import type { IdempotentRequests } from '../../streams/idempotent-requests.ts';
import { requestFingerprint } from '../../streams/request-fingerprint.ts';
import type { ResumableStreams } from '../../streams/resumable-streams.ts';
import { splitSseFrames } from '../../streams/split-sse-frames.ts';
import type { StreamBuffer } from '../../streams/stream-buffer.ts';
import { localCaller } from '../auth.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import { pipeToResponse, sseHeaders } from '../respond.ts';
import type { Handler, RequestContext } from '../request-context.ts';
import { sendStream } from './streams.ts';
import { refuseUnsuitableModel } from './model-kind.ts';
import type { Attempt } from '../../routing/failover-loop.ts';
import type { RouteTarget } from '../../routing/resolve-targets.ts';
import type { Billing, BillingHold } from '../../billing/create-billing.ts';
import type { Observability } from '../../observability/create-observability.ts';
import { replayCachedFrames } from '../../cache/response-cache.ts';
import type { CachedAnswer } from '../../stores/response-cache-store.ts';
import { admitLimits, type RequestControls } from './request-controls.ts';
import { settleInference } from './settle-inference.ts';
import { METADATA_HEADER, parseMetadataHeader } from '../../observability/parse-metadata-header.ts';

export type InferenceHandlerDeps = InferenceDeps & {
  bodyLimitBytes: number;
  streams: ResumableStreams;
  idempotency: Pick<IdempotentRequests, 'begin'>;
  billing: Billing;
  observability: Observability;
  /** Response cache, per-key limits, and accounts' own provider keys. */
  controls: RequestControls;
  log?: (line: string) => void;
  /** Settlements still running, awaited on shutdown so no charge or log entry is lost. */
  settlements: Set<Promise<void>>;
};

/** What an inference produced, before it is written to anyone. */
type Answer =
  | { kind: 'json'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'stream'; buffer: StreamBuffer }
  /** A non-streaming passthrough body nobody needs to keep: piped as it comes. */
  | { kind: 'pipe'; status: number; headers: Record<string, string>; body: AsyncIterable<Uint8Array> };

/**
 * One handler for every inference API: the format decides how the body is read and the
 * answer rendered; routing and providers are the same whatever the client speaks.
 * Streams are buffered under a stream id and outlive the client's connection; a repeated
 * `Idempotency-Key` attaches to the first request's answer. Errors thrown here are rendered
 * in `format`'s error shape by the server.
 */
export function inferenceHandler(format: InboundFormat, deps: InferenceHandlerDeps): Handler {
  return async (ctx) => {
    const rawBody = parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes));
    const accountId = ctx.caller?.accountId ?? localCaller.accountId;
    const key = ctx.req.headers['idempotency-key'];
    if (typeof key !== 'string') {
      await deliver(ctx, await answer(ctx, format, rawBody, accountId, false, deps));
      return;
    }
    const decision = await deps.idempotency.begin(accountId, key, requestFingerprint(ctx.url.pathname, rawBody));
    if (decision.kind === 'replay') {
      await replay(ctx, decision.response, deps.streams);
      return;
    }
    let result: Answer;
    try {
      result = await answer(ctx, format, rawBody, accountId, true, deps);
    } catch (error) {
      decision.fail(error);
      throw error;
    }
    await decision.complete(toIdempotentResponse(result));
    await deliver(ctx, result);
  };
}

/** Runs the inference; streams start buffering here, before anyone reads them. */
async function answer(
  ctx: RequestContext,
  format: InboundFormat,
  rawBody: Record<string, unknown>,
  accountId: string,
  keep: boolean,
  deps: InferenceHandlerDeps,
): Promise<Answer> {
  const parsed = format.parseRequest(rawBody);
  refuseUnsuitableModel(deps.catalog, parsed.request);
  const metadata = parseMetadataHeader(ctx.req.headers[METADATA_HEADER]);
  const caller = ctx.caller ?? localCaller;
  await admitLimits(ctx, deps.controls.limits);
  const record = deps.observability.start({
    requestId: ctx.requestId,
    caller,
    format: format.id,
    requestedModel: parsed.request.model,
    metadata,
    stream: parsed.request.stream,
    traceparent: typeof ctx.req.headers.traceparent === 'string' ? ctx.req.headers.traceparent : undefined,
  });

  const cache = await deps.controls.cache.lookup({ accountId, formatId: format.id, request: parsed, headers: ctx.req.headers, routing: { models: rawBody.models, provider: rawBody.provider } });
  if (cache.status === 'HIT') {
    // A hit costs nothing and reaches no provider; it is logged as a hit.
    record.finish({ attempts: [], costNanos: 0, cacheStatus: 'HIT' });
    return cachedAnswer(cache.entry.answer, { ...cache.headers, 'x-switchyard-request-id': ctx.requestId }, accountId, deps);
  }

  // The client's signal only matters until the answer begins (runInference's contract); after
  // that a stream runs to its end. A kept answer must not depend on its client even before: a
  // retry with the same key attaches to it.
  const signal = keep ? deps.streams.signal : AbortSignal.any([ctx.signal, deps.streams.signal]);
  const own = await deps.controls.byok.providersFor(accountId, deps.providers);
  const attempts: Attempt[] = [];
  let hold: BillingHold | undefined;
  // Money is held before any upstream call (402 without one) and settled from the usage once
  // the answer has been read to its end, however many clients read it. Requests only the
  // account's own keys can serve hold nothing.
  const admit = async (targets: readonly RouteTarget[]) => {
    if (targets.every((target) => own.byokProviders.has(target.provider.id))) return;
    hold = await deps.billing.reserve({ accountId: caller.accountId, keyId: caller.keyId, requestId: ctx.requestId, request: parsed.request, target: targets });
  };
  let outcome: InferenceOutcome;
  try {
    outcome = await runInference({ format, parsed, rawBody, signal, headers: ctx.req.headers, admit, attempts }, { ...deps, providers: own.providers });
  } catch (error) {
    if (hold) await deps.billing.cancel(hold);
    record.fail(error, attempts);
    throw error;
  }
  const settlement = settleInference(outcome, { hold, record, keyId: caller.keyId, byokProviders: own.byokProviders }, { billing: deps.billing, limits: deps.controls.limits, log: deps.log }).finally(() =>
    deps.settlements.delete(settlement),
  );
  deps.settlements.add(settlement);

  const headers = { ...gatewayHeaders(ctx, outcome), ...cache.headers };
  const cacheFrames = (contentType: string, frames: AsyncIterable<string>) => (cache.key ? deps.controls.cache.tee(cache.key, cache.ttlSeconds!, { contentType, headers }, frames) : frames);
  const { result } = outcome;
  let whole: Extract<Answer, { kind: 'json' }>;
  switch (result.kind) {
    case 'json':
      whole = { kind: 'json', status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(result.body) };
      break;
    case 'stream': {
      const contentType = sseHeaders['content-type'];
      return { kind: 'stream', buffer: deps.streams.start({ accountId, contentType, headers, frames: cacheFrames(contentType, result.frames) }) };
    }
    case 'raw': {
      if (result.contentType.startsWith('text/event-stream')) {
        return { kind: 'stream', buffer: deps.streams.start({ accountId, contentType: result.contentType, headers, frames: cacheFrames(result.contentType, splitSseFrames(result.body)) }) };
      }
      const rawHeaders = { ...headers, 'content-type': result.contentType };
      if (!keep && !cache.key) return { kind: 'pipe', status: result.status, headers: rawHeaders, body: result.body };
      whole = { kind: 'json', status: result.status, headers: rawHeaders, body: await readText(result.body) };
      break;
    }
  }
  if (cache.key) await deps.controls.cache.store(cache.key, cache.ttlSeconds!, whole);
  return whole;
}

/** A cached answer, served again: a JSON body as it was, or its stream frames replayed under a new stream id. */
function cachedAnswer(cached: CachedAnswer, headers: Record<string, string>, accountId: string, deps: InferenceHandlerDeps): Answer {
  if (cached.kind === 'json') return { kind: 'json', status: cached.status, headers: { ...cached.headers, ...headers }, body: cached.body };
  return {
    kind: 'stream',
    buffer: deps.streams.start({ accountId, contentType: cached.contentType, headers: { ...cached.headers, ...headers }, frames: replayCachedFrames(cached) }),
  };
}

function gatewayHeaders(ctx: RequestContext, outcome: InferenceOutcome): Record<string, string> {
  return {
    'x-switchyard-request-id': ctx.requestId,
    'x-switchyard-provider': outcome.target.provider.id,
    'x-switchyard-model': outcome.target.model?.id ?? `${outcome.target.provider.id}/${outcome.target.upstreamModel}`,
    'x-switchyard-attempts': String(outcome.attempts.length),
  };
}

async function deliver(ctx: RequestContext, result: Answer): Promise<void> {
  switch (result.kind) {
    case 'json':
      sendText(ctx, result.status, result.headers, result.body);
      return;
    case 'pipe':
      ctx.res.writeHead(result.status, result.headers);
      await pipeToResponse(ctx.res, result.body, ctx.signal);
      return;
    case 'stream': {
      const { buffer } = result;
      await sendStream(ctx, { meta: buffer.meta, status: () => buffer.status(), readFrom: (after, signal) => buffer.readFrom(after, signal) }, 0);
      return;
    }
  }
}

/** A repeated Idempotency-Key: the first request's answer again, or one more reader of its stream. */
async function replay(ctx: RequestContext, response: IdempotentResponse, streams: ResumableStreams): Promise<void> {
  const replayed = { 'x-switchyard-idempotent-replay': 'true' };
  if (response.kind === 'json') {
    sendText(ctx, response.status, { ...response.headers, ...replayed }, response.body);
    return;
  }
  const stream = await streams.open(response.streamId);
  if (!stream) throw new GatewayError({ status: 404, code: 'not_found', message: `The stream of this Idempotency-Key (${response.streamId}) has expired.` });
  await sendStream(ctx, stream, 0, replayed);
}

function toIdempotentResponse(result: Answer): IdempotentResponse {
  if (result.kind === 'stream') return { kind: 'stream', streamId: result.buffer.meta.id };
  if (result.kind === 'json') return result;
  throw GatewayError.internal('A piped answer cannot be kept for an Idempotency-Key.');
}

function sendText(ctx: RequestContext, status: number, headers: Record<string, string>, body: string): void {
  ctx.res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  ctx.res.end(body);
}

async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
