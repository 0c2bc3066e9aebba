import { toGatewayError } from '../core/errors.ts';
import type { Usage } from '../core/usage.ts';
import { buildGenAiSpans } from './genai-spans.ts';
import type { Metrics } from './metrics.ts';
import { redactLoggedBodies } from './redact-logged-bodies.ts';
import type { BodiesToLog, CacheStatus, LoggedAttempt, MetadataValue, RequestLogEntry } from './request-log-entry.ts';
import type { RequestLogger } from './request-logger.ts';
import type { SpanSink } from './span-data.ts';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-context.ts';

/** An upstream attempt as routing reports it (`routing/run-inference.ts` `Attempt`). */
export type AttemptReport = { provider: string; upstreamModel: string; status: number; error?: string; latencyMs: number };

/** What served the request; structurally a `RouteTarget`, so the lead passes `outcome.target` as is. */
export type ServingTarget = { provider: { id: string }; upstreamModel: string; model?: { id: string } };

export type StartRequest = {
  requestId: string;
  caller: { accountId: string; keyId?: string };
  /** Inbound format id (`format.id`). */
  format: string;
  requestedModel: string;
  metadata?: Record<string, MetadataValue>;
  stream: boolean;
  /** GenAI operation name for the span (default `chat`). */
  operation?: string;
  /** The caller's W3C `traceparent` header, to join its trace. */
  traceparent?: string;
  /** Kept only when the key opted in to body logging; redacted before storing. */
  bodies?: BodiesToLog;
};


export type FinishRequest = {
  attempts: readonly AttemptReport[];
  target?: ServingTarget;
  usage?: Usage;
  /** Integer nano-dollars; omit or null when the price is unknown. */
  costNanos?: number | null;
  /** Status the client got (default 200). */
  status?: number;
  cacheStatus?: CacheStatus | null;
  finishReason?: string | null;
  /** The response as the client got it, for opted-in body logging. */
  responseBody?: unknown;
  /** The streamed response in `responseBody` was cut at the size cap. */
  responseTruncated?: boolean;
};

/** One request in flight. `finish` or `fail` records it; whichever comes first wins, later calls are ignored. */
export type RequestRecord = {
  /** The gateway's `traceparent` for this request (to forward upstream or return to the caller). */
  readonly traceparent: string;
  /** Marks the first streamed token (only the first call counts). */
  /** `at` (ms since the epoch) when the moment was observed elsewhere; now otherwise. */
  firstToken(at?: number): void;
  finish(outcome: FinishRequest): RequestLogEntry | undefined;
  fail(error: unknown, attempts?: readonly AttemptReport[], partial?: Omit<FinishRequest, 'attempts' | 'status'>): RequestLogEntry | undefined;
};

export type ObservabilityDeps = {
  requestLogs: RequestLogger;
  metrics: Metrics;
  /** Where spans go; undefined when tracing is off. */
  tracer?: SpanSink;
  /** Clock in ms since the epoch (default Date.now). */
  now?: () => number;
  /** Secrets to redact from logged bodies wherever they appear (configured provider keys, the admin key). */
  secrets?: readonly string[];
};

export type Observability = {
  readonly requestLogs: RequestLogger;
  readonly metrics: Metrics;
  start(request: StartRequest): RequestRecord;
  /** Writes queued log entries and spans; call after the HTTP server has drained. */
  close(): Promise<void>;
};

/**
 * The request path's one entry point to observability: `start` when a request arrives, then
 * `finish` or `fail` once, which queues the log entry, updates the metrics and exports the
 * spans. Nothing here touches HTTP or waits on I/O.
 */
export function createObservability(deps: ObservabilityDeps): Observability {
  const now = deps.now ?? Date.now;
  return {
    requestLogs: deps.requestLogs,
    metrics: deps.metrics,
    start(request) {
      const startedAt = now();
      const parent = parseTraceparent(request.traceparent);
      const traceId = parent?.traceId ?? newTraceId();
      const spanId = newSpanId();
      let firstTokenAt: number | undefined;
      let done = false;

      const record = (fields: FinishRequest & { errorCode: string | null; errorMessage: string | null }): RequestLogEntry | undefined => {
        if (done) return undefined;
        done = true;
        const usage = fields.usage;
        const bodies =
          request.bodies || fields.responseBody !== undefined
            ? redactLoggedBodies(
                { ...request.bodies, ...(fields.responseBody !== undefined ? { response: fields.responseBody, responseTruncated: fields.responseTruncated } : {}) },
                deps.secrets,
              )
            : null;
        const entry: RequestLogEntry = {
          id: request.requestId,
          time: startedAt,
          accountId: request.caller.accountId,
          keyId: request.caller.keyId ?? null,
          format: request.format,
          requestedModel: request.requestedModel,
          model: fields.target ? (fields.target.model?.id ?? `${fields.target.provider.id}/${fields.target.upstreamModel}`) : null,
          provider: fields.target?.provider.id ?? null,
          upstreamModel: fields.target?.upstreamModel ?? null,
          attempts: fields.attempts.map(toLoggedAttempt),
          status: fields.status ?? 200,
          errorCode: fields.errorCode,
          errorMessage: fields.errorMessage,
          latencyMs: Math.max(0, now() - startedAt),
          ttftMs: request.stream && firstTokenAt !== undefined ? firstTokenAt - startedAt : null,
          stream: request.stream,
          tokens: {
            input: usage?.inputTokens ?? 0,
            output: usage?.outputTokens ?? 0,
            cachedRead: usage?.cacheReadTokens ?? 0,
            cacheWrite: usage?.cacheWriteTokens ?? 0,
            reasoning: usage?.reasoningTokens ?? 0,
          },
          costNanos: fields.costNanos ?? null,
          cacheStatus: fields.cacheStatus ?? null,
          finishReason: fields.finishReason ?? null,
          metadata: request.metadata ?? {},
          bodies,
        };
        deps.requestLogs.enqueue(entry);
        deps.metrics.observe(entry);
        deps.tracer?.export(buildGenAiSpans({ entry, traceId, spanId, parentSpanId: parent?.spanId, operation: request.operation ?? 'chat' }));
        return entry;
      };

      return {
        traceparent: formatTraceparent({ traceId, spanId }),
        firstToken(at) {
          firstTokenAt ??= at ?? now();
        },
        finish(outcome) {
          return record({ ...outcome, errorCode: null, errorMessage: null });
        },
        fail(thrown, attempts = [], partial = {}) {
          const error = toGatewayError(thrown);
          return record({ ...partial, attempts, status: error.status, errorCode: error.code, errorMessage: error.message });
        },
      };
    },
    async close() {
      await Promise.all([deps.requestLogs.close(), deps.tracer?.close()]);
    },
  };
}

function toLoggedAttempt(attempt: AttemptReport): LoggedAttempt {
  return { provider: attempt.provider, upstreamModel: attempt.upstreamModel, status: attempt.status, error: attempt.error ?? null, latencyMs: attempt.latencyMs };
}
