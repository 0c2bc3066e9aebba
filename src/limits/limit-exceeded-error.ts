import { GatewayError, type GatewayErrorInit } from '../core/errors.ts';

/**
 * A 429 or 402 from a key's limits, carrying the `x-ratelimit-*` headers the response must
 * have. A GatewayError like any other (rendered per format, `retry-after` from
 * `retryAfterSeconds`); the extra headers are set on the response by `admitLimits`
 * (`server/handlers/limits-admission.ts`) because error rendering only knows `retry-after`.
 */
export class LimitExceededError extends GatewayError {
  readonly headers: Record<string, string>;

  constructor(init: GatewayErrorInit & { headers?: Record<string, string> }) {
    super(init);
    this.headers = init.headers ?? {};
  }
}
