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
import { sseHeaders } from '../respond.ts';
import type { Handler, RequestContext } from '../request-context.ts';
import { sendStream } from './streams.ts';
import { writeFrames } from '../write-frames.ts';
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
import { capturedCachedAnswer, captureResponseBody } from '../../observability/capture-response-body.ts';

export type InferenceHandlerDeps = InferenceDeps & {
  bodyLimitBytes: number;
  streams: ResumableStreams;
  /** False: streams go straight to their client, unbuffered (`SWITCHYARD_RESUMABLE_STREAMS=false`). */
  resumableStreams?: boolean;
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
  /** A whole answer, sent in one write with its length; a passthrough body stays the upstream's bytes. */
  | { kind: 'json'; status: number; headers: Record<string, string>; body: string | Uint8Array }
  | { kind: 'stream'; buffer: StreamBuffer }
  /** With resumable streams off: frames written as they come, to this client only. */
  | { kind: 'frames'; contentType: string; headers: Record<string, string>; frames: AsyncIterable<string> };

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
    if (deps.resumableStreams === false && rawBody.stream === true) {
      throw GatewayError.invalidRequest('Idempotency-Key on a streamed request needs resumable streams, which this gateway has off (SWITCHYARD_RESUMABLE_STREAMS=false).', 'Idempotency-Key');
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
    // Only keys that opted in keep bodies (redacted when the entry is written); nothing is copied otherwise.
    bodies: caller.logBodies ? { requestHeaders: ctx.req.headers, request: rawBody } : undefined,
  });

  const cache = await deps.controls.cache.lookup({ accountId, formatId: format.id, request: parsed, headers: ctx.req.headers, routing: { models: rawBody.models, provider: rawBody.provider } });
  if (cache.status === 'HIT') {
    // A hit costs nothing and reaches no provider; it is logged as a hit.
    const logged = caller.logBodies ? capturedCachedAnswer(cache.entry.answer) : undefined;
    record.finish({ attempts: [], costNanos: 0, cacheStatus: 'HIT', responseBody: logged?.body, responseTruncated: logged?.truncated });
    return cachedAnswer(cache.entry.answer, { ...cache.headers, 'x-switchyard-request-id': ctx.requestId }, accountId, deps);
  }

  // The client's signal only matters until the answer begins (runInference's contract); after
  // that a stream runs to its end. A kept answer must not depend on its client even before: a
  // retry with the same key attaches to it.
  const linked = keep ? undefined : linkSignals(ctx.signal, deps.streams.signal);
  const signal = linked?.signal ?? deps.streams.signal;
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
  } finally {
    // The answer has begun (or failed): runInference no longer listens to the signal.
    linked?.unlink();
  }
  const logged = caller.logBodies ? captureResponseBody() : undefined;
  const settlement = settleInference(outcome, { hold, record, keyId: caller.keyId, byokProviders: own.byokProviders, response: logged?.captured }, { billing: deps.billing, limits: deps.controls.limits, log: deps.log }).finally(() =>
    deps.settlements.delete(settlement),
  );
  deps.settlements.add(settlement);

  const headers = { ...gatewayHeaders(ctx, outcome), ...cache.headers };
  const cacheFrames = (contentType: string, frames: AsyncIterable<string>) => (cache.key ? deps.controls.cache.tee(cache.key, cache.ttlSeconds!, { contentType, headers }, frames) : frames);
  // A key logging bodies sees the frames as the client gets them; otherwise nothing is added.
  const answerFrames = (contentType: string, frames: AsyncIterable<string>) => cacheFrames(contentType, logged ? logged.frames(frames) : frames);
  // Buffered under a stream id and started at once, or (resumable streams off) handed to the client as they come.
  const streamed = (contentType: string, frames: AsyncIterable<string>): Answer =>
    deps.resumableStreams === false
      ? { kind: 'frames', contentType, headers, frames: answerFrames(contentType, frames) }
      : { kind: 'stream', buffer: deps.streams.start({ accountId, contentType, headers, frames: answerFrames(contentType, frames) }) };
  const { result } = outcome;
  let whole: Extract<Answer, { kind: 'json' }>;
  switch (result.kind) {
    case 'json':
      whole = { kind: 'json', status: 200, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(result.body) };
      break;
    case 'bytes':
      whole = { kind: 'json', status: result.status, headers: { ...headers, 'content-type': result.contentType }, body: result.bytes };
      break;
    case 'stream':
      return streamed(sseHeaders['content-type'], result.frames);
    case 'raw': {
      if (result.contentType.startsWith('text/event-stream')) return streamed(result.contentType, splitSseFrames(result.body));
      // A stream request answered with something else (an upstream error body): read whole.
      let text: string;
      try {
        text = await readText(result.body);
      } catch (error) {
        // The captured body must still resolve, or the request's log entry would wait for it forever.
        logged?.text('');
        throw error;
      }
      whole = { kind: 'json', status: result.status, headers: { ...headers, 'content-type': result.contentType }, body: text };
      break;
    }
  }
  logged?.text(asText(whole.body));
  if (cache.key) await deps.controls.cache.store(cache.key, cache.ttlSeconds!, { ...whole, body: asText(whole.body) });
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
    case 'stream': {
      const { buffer } = result;
      await sendStream(ctx, { meta: buffer.meta, status: () => buffer.status(), readFrom: (after, signal) => buffer.readFrom(after, signal) }, 0);
      return;
    }
    case 'frames':
      await sendFrames(ctx, result);
      return;
  }
}

/**
 * Frames written as they come, for a gateway without resumable streams. A client that leaves
 * stops the loop, which stops the upstream request; a failure mid-stream ends with a destroyed
 * connection, as a buffered stream's does.
 */
async function sendFrames(ctx: RequestContext, answer: Extract<Answer, { kind: 'frames' }>): Promise<void> {
  const { res } = ctx;
  res.writeHead(200, { ...answer.headers, ...sseHeaders, 'content-type': answer.contentType });
  let written: boolean;
  try {
    written = await writeFrames(res, answer.frames, (frame) => frame, () => ctx.signal.aborted);
  } catch {
    res.destroy();
    return;
  }
  if (written) res.end();
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
  // Refused before the request ran (see the handler): unbuffered frames cannot be replayed.
  if (result.kind === 'frames') throw new GatewayError({ status: 500, code: 'internal', message: 'An unbuffered stream cannot be kept for an Idempotency-Key.' });
  return { ...result, body: asText(result.body) };
}

/** One write: headers and the whole body together, with its length (no chunked encoding). */
function sendText(ctx: RequestContext, status: number, headers: Record<string, string>, body: string | Uint8Array): void {
  ctx.res.writeHead(status, { ...headers, 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength });
  ctx.res.end(body);
}

/**
 * A signal aborted by either of two, unlinked by hand once it is no longer needed: cheaper per
 * request than `AbortSignal.any`, whose composite signals are tracked through weak references.
 */
function linkSignals(first: AbortSignal, second: AbortSignal): { signal: AbortSignal; unlink(): void } {
  const controller = new AbortController();
  const abort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  if (first.aborted || second.aborted) controller.abort(first.aborted ? first.reason : second.reason);
  else {
    first.addEventListener('abort', abort);
    second.addEventListener('abort', abort);
  }
  return {
    signal: controller.signal,
    unlink() {
      first.removeEventListener('abort', abort);
      second.removeEventListener('abort', abort);
    },
  };
}

function asText(body: string | Uint8Array): string {
  return typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
