import { test } from 'node:test';
import assert from 'node:assert/strict';
import { googleAdapter } from './index.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readFixtureText } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const settings = { id: 'google', baseUrl: 'https://generativelanguage.googleapis.com' };

test('error-400-api-key-invalid.vcr.yaml: an invalid key is presented as 401 authentication, message kept', () => {
  const [exchange] = readVcrExchanges('gemini/error-400-api-key-invalid.vcr.yaml');
  assert.equal(exchange.status, 400);
  const error = googleAdapter.parseError(exchange.status, {}, exchange.responseBody, settings);
  assert.equal(error.status, 401);
  assert.equal(error.code, 'authentication');
  assert.equal(error.message, 'API key not valid. Please pass a valid API key.');
  assert.equal(error.upstreamType, 'INVALID_ARGUMENT');
  assert.equal(error.provider, 'google');
});

test('error-429-resource-exhausted-retryinfo.json: RetryInfo.retryDelay becomes retryAfterSeconds (rounded up)', () => {
  const error = googleAdapter.parseError(429, {}, readFixtureText('gemini/error-429-resource-exhausted-retryinfo.json'), settings);
  assert.equal(error.status, 429);
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.upstreamType, 'RESOURCE_EXHAUSTED');
  assert.equal(error.message, 'You exceeded your current quota, please check your plan.');
  assert.equal(error.retryAfterSeconds, 35);
});

test('a retry-after header wins over RetryInfo', () => {
  const error = googleAdapter.parseError(429, { 'retry-after': '7' }, readFixtureText('gemini/error-429-resource-exhausted-retryinfo.json'), settings);
  assert.equal(error.retryAfterSeconds, 7);
});

test('error-404-model-not-found-sse.har: the JSON body served as text/event-stream still parses', () => {
  const [exchange] = readHarExchanges('gemini/error-404-model-not-found-sse.har');
  assert.equal(exchange.responseHeaders['content-type'], 'text/event-stream');
  const error = googleAdapter.parseError(exchange.status, exchange.responseHeaders, exchange.responseBody, settings);
  assert.equal(error.status, 404);
  assert.equal(error.code, 'model_not_found');
  assert.equal(error.upstreamType, 'NOT_FOUND');
  assert.match(error.message, /is not found for API version v1beta/);
});

test('a body that is not JSON keeps the status and says what came back', () => {
  const error = googleAdapter.parseError(502, {}, '<html>Bad Gateway</html>', settings);
  assert.equal(error.status, 502);
  assert.equal(error.code, 'upstream_error');
  assert.match(error.message, /HTTP 502: <html>Bad Gateway<\/html>/);
});
