import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAnthropicError, parseRetryAfter } from './parse-anthropic-error.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const settings = { id: 'anthropic', baseUrl: 'https://api.anthropic.com' };

describe('parseAnthropicError', () => {
  it('404 not_found_error about the model is model_not_found (error-404-model-not-found-stream.har)', () => {
    const [exchange] = readHarExchanges('anthropic/error-404-model-not-found-stream.har');
    const error = parseAnthropicError(exchange.status, exchange.responseHeaders, exchange.responseBody, settings);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'model_not_found');
    assert.equal(error.message, 'model: invalid-model-that-does-not-exist-12345');
    assert.equal(error.upstreamType, 'not_found_error');
    assert.equal(error.provider, 'anthropic');
  });

  it('401 authentication_error keeps status and message (error-401-invalid-api-key.vcr.yaml)', () => {
    const [exchange] = readVcrExchanges('anthropic/error-401-invalid-api-key.vcr.yaml');
    const error = parseAnthropicError(exchange.status, {}, exchange.responseBody, settings);
    assert.deepEqual([error.status, error.code, error.message, error.upstreamType], [401, 'authentication', 'invalid x-api-key', 'authentication_error']);
  });

  it('maps each error type to its code', () => {
    const cases: Array<[number, string, string]> = [
      [400, 'invalid_request_error', 'invalid_request'],
      [429, 'rate_limit_error', 'rate_limited'],
      [529, 'overloaded_error', 'overloaded'],
      [500, 'api_error', 'upstream_error'],
      [403, 'permission_error', 'permission'],
      [404, 'not_found_error', 'not_found'],
      [413, 'request_too_large', 'payload_too_large'],
      [418, 'brand_new_error', 'upstream_error'],
    ];
    for (const [status, type, code] of cases) {
      const body = JSON.stringify({ type: 'error', error: { type, message: 'Something about a file' }, request_id: 'req_1' });
      const error = parseAnthropicError(status, {}, body, settings);
      assert.deepEqual([error.status, error.code, error.upstreamType], [status, code, type], type);
    }
  });

  it('reads retry-after into retryAfterSeconds', () => {
    const body = '{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}';
    assert.equal(parseAnthropicError(429, { 'retry-after': '17' }, body, settings).retryAfterSeconds, 17);
    assert.equal(parseAnthropicError(429, {}, body, settings).retryAfterSeconds, undefined);
    assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 30);
  });

  it('a non-JSON body is an upstream_error with a generic message that does not echo the body', () => {
    const error = parseAnthropicError(502, {}, '<html><body>Bad gateway secret-ish</body></html>', settings);
    assert.equal(error.status, 502);
    assert.equal(error.code, 'upstream_error');
    assert.doesNotMatch(error.message, /html|secret/);
  });
});
