import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, type ErrorCode } from '../../core/errors.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { renderError } from './render-error.ts';

const error = (status: number, code: ErrorCode, extra: { upstreamType?: string } = {}) => new GatewayError({ status, code, message: `a ${code} error`, ...extra });

describe('renderError', () => {
  it("has Anthropic's error body shape (error-404-model-not-found-stream.har)", () => {
    const [exchange] = readHarExchanges('anthropic/error-404-model-not-found-stream.har');
    const recorded = JSON.parse(exchange.responseBody);
    const rendered = renderError(new GatewayError({ status: 404, code: 'model_not_found', message: recorded.error.message }));
    assert.equal(rendered.status, exchange.status);
    const { request_id: _requestId, ...withoutRequestId } = recorded;
    assert.deepEqual(rendered.body, withoutRequestId);
  });

  it('types gateway errors the way Anthropic types the same status', () => {
    const cases: Array<[GatewayError, number, string]> = [
      [error(400, 'invalid_request'), 400, 'invalid_request_error'],
      [error(400, 'unsupported_feature'), 400, 'invalid_request_error'],
      [error(400, 'invalid_json'), 400, 'invalid_request_error'],
      [error(401, 'authentication'), 401, 'authentication_error'],
      [error(402, 'insufficient_credits'), 402, 'billing_error'],
      [error(403, 'permission'), 403, 'permission_error'],
      [error(404, 'not_found'), 404, 'not_found_error'],
      [error(413, 'payload_too_large'), 413, 'request_too_large'],
      [error(429, 'rate_limited'), 429, 'rate_limit_error'],
      [error(500, 'internal'), 500, 'api_error'],
      [error(502, 'upstream_unavailable'), 502, 'api_error'],
      [error(504, 'timeout'), 504, 'timeout_error'],
      [error(529, 'overloaded'), 529, 'overloaded_error'],
    ];
    for (const [gatewayError, status, type] of cases) {
      assert.deepEqual(renderError(gatewayError), { status, body: { type: 'error', error: { type, message: gatewayError.message } } }, gatewayError.code);
    }
  });

  it("keeps an Anthropic upstream's own error type, and types other upstreams' errors by status", () => {
    assert.equal(renderError(error(529, 'upstream_error', { upstreamType: 'overloaded_error' })).body.error.type, 'overloaded_error');
    assert.equal(renderError(error(429, 'upstream_error', { upstreamType: 'insufficient_quota' })).body.error.type, 'rate_limit_error');
    assert.equal(renderError(error(503, 'upstream_error', { upstreamType: 'UNAVAILABLE' })).body.error.type, 'api_error');
  });
});
