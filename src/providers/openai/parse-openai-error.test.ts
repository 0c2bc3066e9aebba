import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAiAdapter } from './index.ts';
import { retryAfterSeconds } from './parse-openai-error.ts';
import { readFixtureText } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const settings = { id: 'openai', baseUrl: 'https://api.openai.com/v1' };

test('parseError: OpenAI 404 model_not_found keeps status and message, code model_not_found', () => {
  const body = readVcrExchanges('openai-chat/error-404-model-not-found.vcr.yaml')[0].responseBody;
  const error = openAiAdapter.parseError(404, { 'content-type': 'application/json' }, body, settings);
  assert.equal(error.status, 404);
  assert.equal(error.code, 'model_not_found');
  assert.equal(error.message, 'The model `this-model-does-not-exist-12345` does not exist or you do not have access to it.');
  assert.equal(error.upstreamType, 'invalid_request_error');
  assert.equal(error.provider, 'openai');
});

test('parseError: 400 unsupported_parameter keeps the param the upstream named', () => {
  const body = readFixtureText('openai-chat/error-400-unsupported-parameter-max-tokens.json');
  const error = openAiAdapter.parseError(400, {}, body, settings);
  assert.equal(error.status, 400);
  assert.equal(error.code, 'upstream_error');
  assert.equal(error.param, 'max_tokens');
  assert.match(error.message, /^Unsupported parameter: 'max_tokens'/);
});

test('parseError: 429 insufficient_quota is rate_limited with the retry-after-ms header in seconds', () => {
  const body = readFixtureText('openai-responses/error-429-insufficient-quota.json');
  const error = openAiAdapter.parseError(429, { 'retry-after-ms': '1500', 'retry-after': '2' }, body, settings);
  assert.equal(error.status, 429);
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.upstreamType, 'insufficient_quota');
  assert.equal(error.retryAfterSeconds, 1.5);
});

test('parseError: a non-JSON body (a proxy page) keeps the status and an excerpt', () => {
  const error = openAiAdapter.parseError(503, { 'retry-after': ['7'] }, '<html><body>503 Service Temporarily Unavailable</body></html>', settings);
  assert.equal(error.status, 503);
  assert.equal(error.code, 'upstream_error');
  assert.match(error.message, /HTTP 503.*Service Temporarily Unavailable/);
  assert.equal(error.retryAfterSeconds, 7);
});

test('retry-after as an HTTP date counts seconds from now', () => {
  const now = Date.parse('Tue, 30 Dec 2025 01:22:24 GMT');
  assert.equal(retryAfterSeconds({ 'retry-after': 'Tue, 30 Dec 2025 01:22:54 GMT' }, now), 30);
  assert.equal(retryAfterSeconds({}, now), undefined);
});
