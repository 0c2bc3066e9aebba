/** How a response relates to the gateway's response cache: served from it, stored into it, or not eligible. */
export type CacheStatus = 'HIT' | 'MISS' | 'BYPASS';

/** One try at one provider, in the order they were made (failover shows as several). */
export type LoggedAttempt = {
  provider: string;
  upstreamModel: string;
  /** HTTP status the upstream answered with (or the gateway's status for a failure before it answered). */
  status: number;
  error: string | null;
  latencyMs: number;
};

/** Token counts in the canonical semantics of `core/usage.ts`: cached and reasoning tokens are subsets. */
export type LoggedTokens = {
  input: number;
  output: number;
  cachedRead: number;
  cacheWrite: number;
  reasoning: number;
};

/** A metadata value as the `x-switchyard-metadata` header allows it. */
export type MetadataValue = string | number | boolean;

/** Request and response as the caller exchanged them, redacted; only kept when logging bodies is switched on. */
export type LoggedBodies = {
  requestHeaders?: Record<string, string>;
  /** The client's JSON request body. */
  request?: unknown;
  /** The JSON response body; for a stream, its SSE text as the client got it (up to a size cap). */
  response?: unknown;
  /** Set when a streamed response was longer than the cap and only its beginning is kept. */
  responseTruncated?: boolean;
};

/** Bodies as the request path has them, before redaction: headers straight from Node. */
export type BodiesToLog = Omit<LoggedBodies, 'requestHeaders'> & { requestHeaders?: Record<string, string | string[] | undefined> };

/**
 * One request as the request log keeps it: who asked, what for, who served it, how long it
 * took, what it used and what it cost. Times are milliseconds (since the epoch for `time`).
 */
export type RequestLogEntry = {
  /** The gateway's request id (`req_…`), also sent as `x-switchyard-request-id`. */
  id: string;
  /** When the request arrived. */
  time: number;
  accountId: string;
  keyId: string | null;
  /** Inbound API format id (`openai-chat`, `anthropic-messages`, …). */
  format: string;
  /** The model the client asked for, as written. */
  requestedModel: string;
  /** The catalog model id that served it (or `provider/upstream` when uncatalogued); null when nothing did. */
  model: string | null;
  provider: string | null;
  upstreamModel: string | null;
  attempts: LoggedAttempt[];
  /** HTTP status the client got (for a stream broken mid-way, the failure's status). */
  status: number;
  /** The gateway error code when the request failed (`rate_limited`, `upstream_error`, …). */
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number;
  /** Time to first token, for streams. */
  ttftMs: number | null;
  stream: boolean;
  tokens: LoggedTokens;
  /** Cost in nano-dollars (1e-9 USD), an integer; null when the price is unknown. */
  costNanos: number | null;
  cacheStatus: CacheStatus | null;
  finishReason: string | null;
  metadata: Record<string, MetadataValue>;
  bodies: LoggedBodies | null;
};

export const zeroTokens = (): LoggedTokens => ({ input: 0, output: 0, cachedRead: 0, cacheWrite: 0, reasoning: 0 });

/**
 * Who asked and who served, under the snake_case names both the HTTP API
 * (`GET /v1/requests/{id}`) and the `request_logs` table give them.
 */
export function snakeCaseRoute(entry: RequestLogEntry) {
  return {
    account_id: entry.accountId,
    key_id: entry.keyId,
    format: entry.format,
    requested_model: entry.requestedModel,
    model: entry.model,
    provider: entry.provider,
    upstream_model: entry.upstreamModel,
  };
}
