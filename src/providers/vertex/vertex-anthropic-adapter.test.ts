import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vertexAnthropicAdapter } from './vertex-anthropic-adapter.ts';

const settings = { id: 'vertex', baseUrl: 'https://us-east5-aiplatform.googleapis.com' };

test("Claude on Vertex: Vertex's own errors are Google-shaped, the model's are Anthropic-shaped; both are read", () => {
  const quota = JSON.stringify({ error: { code: 429, message: 'Resource exhausted. Please try again later.', status: 'RESOURCE_EXHAUSTED' } });
  const limited = vertexAnthropicAdapter.parseError(429, { 'retry-after': '7' }, quota, settings);
  assert.equal(limited.code, 'rate_limited');
  assert.equal(limited.message, 'Resource exhausted. Please try again later.');
  assert.equal(limited.upstreamType, 'RESOURCE_EXHAUSTED');
  assert.equal(limited.retryAfterSeconds, 7);

  const overloaded = vertexAnthropicAdapter.parseError(529, {}, JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), settings);
  assert.equal(overloaded.upstreamType, 'overloaded_error');
  assert.equal(overloaded.provider, 'vertex');
});
