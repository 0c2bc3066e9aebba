import { nanosToUsd } from './format-nanos.ts';
import { snakeCaseRoute, type LoggedBodies, type RequestLogEntry } from './request-log-entry.ts';

/** The JSON body of `GET /v1/requests/{id}`, snake_case like the rest of the HTTP API. */
export function renderRequestLogEntry(entry: RequestLogEntry) {
  return {
    id: entry.id,
    object: 'request',
    created_at: new Date(entry.time).toISOString(),
    ...snakeCaseRoute(entry),
    attempts: entry.attempts.map((attempt) => ({
      provider: attempt.provider,
      upstream_model: attempt.upstreamModel,
      status: attempt.status,
      error: attempt.error,
      latency_ms: attempt.latencyMs,
    })),
    status: entry.status,
    error: entry.errorCode === null ? null : { code: entry.errorCode, message: entry.errorMessage },
    latency_ms: entry.latencyMs,
    ttft_ms: entry.ttftMs,
    stream: entry.stream,
    usage: {
      input_tokens: entry.tokens.input,
      output_tokens: entry.tokens.output,
      cached_tokens: entry.tokens.cachedRead,
      cache_write_tokens: entry.tokens.cacheWrite,
      reasoning_tokens: entry.tokens.reasoning,
    },
    cost_nanos: entry.costNanos,
    cost_usd: entry.costNanos === null ? null : nanosToUsd(entry.costNanos),
    cache_status: entry.cacheStatus,
    finish_reason: entry.finishReason,
    metadata: entry.metadata,
    ...(entry.bodies ? { bodies: renderBodies(entry.bodies) } : {}),
  };
}

/** Logged bodies (already redacted when stored); present only for keys that log bodies. */
function renderBodies(bodies: LoggedBodies) {
  return {
    ...(bodies.requestHeaders ? { request_headers: bodies.requestHeaders } : {}),
    ...(bodies.request !== undefined ? { request: bodies.request } : {}),
    ...(bodies.response !== undefined ? { response: bodies.response, response_truncated: bodies.responseTruncated === true } : {}),
  };
}
