/**
 * One error type for everything the gateway answers with, rendered per API format at the
 * edge (`api/<format>/render-error.ts`). `code` is a stable machine-readable reason.
 */
export type ErrorCode =
  | 'invalid_request' // malformed body, wrong types, bad parameter values
  | 'invalid_json'
  | 'unsupported_feature' // the target provider cannot express what was asked
  | 'authentication' // missing or invalid gateway key
  | 'permission'
  | 'not_found' // unknown route
  | 'model_not_found'
  | 'payload_too_large'
  | 'rate_limited'
  | 'insufficient_credits'
  | 'overloaded' // Anthropic 529
  | 'timeout'
  | 'upstream_error' // the provider answered with an error we pass on
  | 'upstream_unavailable' // could not reach the provider
  | 'internal';

export type GatewayErrorInit = {
  status: number;
  code: ErrorCode;
  message: string;
  /** The request field at fault, when there is one (OpenAI's `param`). */
  param?: string;
  /** Provider that produced the error, for upstream errors. */
  provider?: string;
  /** The upstream's own error type (`overloaded_error`, `RESOURCE_EXHAUSTED`...), kept for clients that branch on it. */
  upstreamType?: string;
  /** Seconds the client should wait, from the upstream's retry-after. */
  retryAfterSeconds?: number;
};

export class GatewayError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly param?: string;
  readonly provider?: string;
  readonly upstreamType?: string;
  readonly retryAfterSeconds?: number;

  constructor(init: GatewayErrorInit) {
    super(init.message);
    this.name = 'GatewayError';
    this.status = init.status;
    this.code = init.code;
    this.param = init.param;
    this.provider = init.provider;
    this.upstreamType = init.upstreamType;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  static invalidRequest(message: string, param?: string): GatewayError {
    return new GatewayError({ status: 400, code: 'invalid_request', message, param });
  }

  /** A feature the chosen provider cannot express: a clear 400 instead of a silent drop. */
  static unsupported(feature: string, provider: string, param?: string): GatewayError {
    return new GatewayError({
      status: 400,
      code: 'unsupported_feature',
      message: `${feature} is not supported by provider '${provider}'.`,
      param,
      provider,
    });
  }

  static internal(message = 'Internal gateway error.'): GatewayError {
    return new GatewayError({ status: 500, code: 'internal', message });
  }
}

/** Any thrown value as a GatewayError, hiding internals (and any secret they might hold) from the client. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return GatewayError.internal();
}
