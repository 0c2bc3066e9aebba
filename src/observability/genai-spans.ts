import type { RequestLogEntry } from './request-log-entry.ts';
import type { SpanAttributeValue, SpanData } from './span-data.ts';
import { newSpanId } from './trace-context.ts';

/**
 * `gen_ai.provider.name` values from the OpenTelemetry GenAI semantic conventions for the
 * providers that have one; other providers are named by their Switchyard id.
 */
const SEMCONV_PROVIDER_NAMES: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
  mistral: 'mistral_ai',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'x_ai',
  perplexity: 'perplexity',
  cohere: 'cohere',
};

export function semconvProviderName(provider: string): string {
  return SEMCONV_PROVIDER_NAMES[provider] ?? provider;
}

/** Both the current and the older attribute name, so old and new backends each find theirs. */
function providerAttributes(provider: string): Record<string, string> {
  const name = semconvProviderName(provider);
  return { 'gen_ai.provider.name': name, 'gen_ai.system': name };
}

export type GenAiSpanInput = {
  entry: RequestLogEntry;
  traceId: string;
  /** The gateway's span id for this request. */
  spanId: string;
  /** The caller's span, when the request carried a `traceparent`. */
  parentSpanId?: string;
  operation: string;
};

/**
 * The spans for one finished request, per the GenAI semantic conventions: a server span
 * `chat {requested model}` for the whole request, and a client span `chat {upstream model}`
 * per upstream attempt. Attempts only carry durations, so they are laid end to end from the
 * request's start; the error between them (body parsing, routing) is a few milliseconds.
 */
export function buildGenAiSpans({ entry, traceId, spanId, parentSpanId, operation }: GenAiSpanInput): SpanData[] {
  const failed = entry.status >= 400;
  const attributes: Record<string, SpanAttributeValue> = {
    'gen_ai.operation.name': operation,
    'gen_ai.request.model': entry.requestedModel,
    ...(entry.provider ? providerAttributes(entry.provider) : {}),
    ...(entry.upstreamModel ? { 'gen_ai.response.model': entry.upstreamModel } : {}),
    'gen_ai.usage.input_tokens': entry.tokens.input,
    'gen_ai.usage.output_tokens': entry.tokens.output,
    ...(entry.tokens.cachedRead > 0 ? { 'gen_ai.usage.cache_read.input_tokens': entry.tokens.cachedRead } : {}),
    ...(entry.tokens.cacheWrite > 0 ? { 'gen_ai.usage.cache_creation.input_tokens': entry.tokens.cacheWrite } : {}),
    ...(entry.tokens.reasoning > 0 ? { 'gen_ai.usage.reasoning.output_tokens': entry.tokens.reasoning } : {}),
    ...(entry.finishReason ? { 'gen_ai.response.finish_reasons': [entry.finishReason] } : {}),
    ...(failed ? { 'error.type': entry.errorCode ?? String(entry.status) } : {}),
    'http.response.status_code': entry.status,
    'switchyard.request_id': entry.id,
    'switchyard.account_id': entry.accountId,
    'switchyard.format': entry.format,
    'switchyard.stream': entry.stream,
    ...(entry.keyId ? { 'switchyard.key_id': entry.keyId } : {}),
    ...(entry.model ? { 'switchyard.model': entry.model } : {}),
    ...(entry.ttftMs !== null ? { 'switchyard.ttft_ms': entry.ttftMs } : {}),
    ...(entry.costNanos !== null ? { 'switchyard.cost_nanos': entry.costNanos } : {}),
    ...(entry.cacheStatus ? { 'switchyard.cache_status': entry.cacheStatus } : {}),
    ...Object.fromEntries(Object.entries(entry.metadata).map(([key, value]) => [`switchyard.metadata.${key}`, value])),
  };
  const root: SpanData = {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: `${operation} ${entry.requestedModel}`,
    kind: 'server',
    startTimeMs: entry.time,
    endTimeMs: entry.time + entry.latencyMs,
    attributes,
    status: failed ? { code: 'error', message: entry.errorMessage ?? undefined } : { code: 'unset' },
  };

  let cursor = entry.time;
  const children = entry.attempts.map((attempt): SpanData => {
    const start = cursor;
    cursor += attempt.latencyMs;
    const attemptFailed = attempt.status >= 400;
    return {
      traceId,
      spanId: newSpanId(),
      parentSpanId: spanId,
      name: `${operation} ${attempt.upstreamModel}`,
      kind: 'client',
      startTimeMs: start,
      endTimeMs: cursor,
      attributes: {
        'gen_ai.operation.name': operation,
        ...providerAttributes(attempt.provider),
        'gen_ai.request.model': attempt.upstreamModel,
        'http.response.status_code': attempt.status,
        ...(attemptFailed ? { 'error.type': String(attempt.status) } : {}),
      },
      status: attemptFailed ? { code: 'error', message: attempt.error ?? undefined } : { code: 'unset' },
    };
  });
  return [root, ...children];
}
