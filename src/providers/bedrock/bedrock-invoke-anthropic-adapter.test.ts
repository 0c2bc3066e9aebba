import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest } from '../../core/request.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';
import { findProvider } from '../provider-table.ts';
import { bedrockAdapter } from './index.ts';
import { bedrockInvokeAnthropicAdapter } from './bedrock-invoke-anthropic-adapter.ts';
import { bedrockSettingsFromEnv } from './bedrock-settings.ts';
import { signBedrockRequest } from './sign-bedrock-request.ts';

const signed = bedrockSettingsFromEnv({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-central-1' })!;
const keyed = bedrockSettingsFromEnv({ AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key', AWS_REGION: 'us-west-2' })!;
const modelId = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const request: CanonicalRequest = {
  model: 'anthropic/claude-sonnet-4-5',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
  ],
  stream: false,
  maxTokens: 300,
  topK: 5,
  user: 'user-42',
};

test('the bedrock row: Claude ids (bare, inference profiles, ARNs) through InvokeModel, other models through Converse', () => {
  const bedrock = findProvider('bedrock')!;
  for (const id of ['anthropic.claude-3-haiku-20240307-v1:0', modelId, 'global.anthropic.claude-haiku-4-5-20251001-v1:0', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0']) {
    assert.equal(bedrock.adapterFor(id), bedrockInvokeAnthropicAdapter, id);
  }
  for (const id of ['amazon.nova-micro-v1:0', 'us.meta.llama3-3-70b-instruct-v1:0', 'openai.gpt-oss-120b-1:0']) assert.equal(bedrock.adapterFor(id), bedrockAdapter, id);
});

test('InvokeModel request as AWS documents it: POST /model/{encoded id}/invoke, the Messages body without model and stream, anthropic_version bedrock-2023-05-31, SigV4 for service bedrock', async () => {
  const upstream = await bedrockInvokeAnthropicAdapter.buildRequest(request, modelId, signed);
  assert.equal(upstream.method, 'POST');
  assert.equal(upstream.url, 'https://bedrock-runtime.eu-central-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke');
  assert.equal(upstream.headers.accept, 'application/json');
  assert.match(upstream.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/bedrock\/aws4_request, /);
  assert.deepEqual(JSON.parse(upstream.body!), {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    max_tokens: 300,
    system: [{ type: 'text', text: 'Be brief.' }],
    top_k: 5,
    metadata: { user_id: 'user-42' },
    anthropic_version: 'bedrock-2023-05-31',
  });

  const streamed = await bedrockInvokeAnthropicAdapter.buildRequest({ ...request, stream: true }, modelId, keyed);
  assert.equal(streamed.url, 'https://bedrock-runtime.us-west-2.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke-with-response-stream');
  assert.equal(streamed.headers.accept, 'application/vnd.amazon.eventstream');
  assert.equal(streamed.headers.authorization, 'Bearer bedrock-key', 'a Bedrock API key is sent instead of signing');
  assert.equal('stream' in JSON.parse(streamed.body!), false, 'Bedrock refuses `stream` as an extraneous key');
});

test("passthrough: the client's Messages body untouched but for model and stream, with Bedrock's anthropic_version", () => {
  const client = {
    model: 'anthropic/claude-sonnet-4-5',
    stream: true,
    max_tokens: 64,
    system: 'Plain string system prompt',
    messages: [{ role: 'user', content: 'Hi' }],
    top_k: 3,
    metadata: { user_id: 'u-1' },
    anthropic_beta: ['context-1m-2025-08-07'],
    thinking: { type: 'enabled', budget_tokens: 1024 },
  };
  const { model: _model, stream: _stream, ...kept } = client;
  assert.deepEqual(JSON.parse(bedrockInvokeAnthropicAdapter.passthroughBody(client)), { ...kept, anthropic_version: 'bedrock-2023-05-31' });
});

test('passthrough is signed again: SigV4 covers the body, so the replaced body gets its own signature', async () => {
  const built = await bedrockInvokeAnthropicAdapter.buildRequest(request, modelId, signed);
  const body = bedrockInvokeAnthropicAdapter.passthroughBody({ model: 'x', max_tokens: 8, messages: [{ role: 'user', content: 'Other' }] });
  const resigned = await bedrockInvokeAnthropicAdapter.signPassthrough({ ...built, body }, signed);
  assert.equal(resigned.body, body);
  assert.notEqual(resigned.headers.authorization, built.headers.authorization);
  // What a fresh signature of the new body at the same instant says.
  const date = resigned.headers['x-amz-date'];
  const when = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const { authorization: _a, 'x-amz-date': _d, 'x-amz-content-sha256': _s, host: _h, ...plain } = built.headers;
  const fresh = await signBedrockRequest({ ...built, headers: plain, body }, signed.credentials!, signed.region, when);
  assert.equal(resigned.headers.authorization, fresh.headers.authorization);

  const bearer = await bedrockInvokeAnthropicAdapter.buildRequest(request, modelId, keyed);
  assert.equal((await bedrockInvokeAnthropicAdapter.signPassthrough({ ...bearer, body }, keyed)).headers.authorization, 'Bearer bedrock-key');
});

test('images by URL are refused before sending (Bedrock takes base64 image sources only); parameters Claude lacks too', () => {
  const withUrl: CanonicalRequest = {
    ...request,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } }] }],
  };
  assert.throws(() => bedrockInvokeAnthropicAdapter.buildRequest(withUrl, modelId, signed), (error: { status: number; message: string; param: string }) => {
    assert.equal(error.status, 400);
    assert.match(error.message, /^Images by URL .* is not supported by provider 'bedrock'\.$/);
    assert.equal(error.param, 'messages[0].content[1]');
    return true;
  });
  assert.throws(() => bedrockInvokeAnthropicAdapter.buildRequest({ ...request, seed: 1 }, modelId, signed), /'seed' parameter is not supported by provider 'bedrock'/);
});

test("the answer is Anthropic's own message JSON (fixtures/anthropic/thinking.json), read by the Anthropic parser", () => {
  const response = bedrockInvokeAnthropicAdapter.parseResponse(readFixtureJson('anthropic/thinking.json'));
  assert.equal(response.content[0].type, 'reasoning');
  assert.equal(response.finishReason, 'stop');
  assert.ok(response.usage.inputTokens > 0);
});

test("Bedrock's own refusals are `{message}` with x-amzn-errortype, as for Converse", () => {
  const error = bedrockInvokeAnthropicAdapter.parseError(
    400,
    { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/' },
    JSON.stringify({ message: 'Malformed input request: #: extraneous key [stream] is not permitted, please reformat your input and try again.' }),
    signed,
  );
  assert.equal(error.status, 400);
  assert.equal(error.code, 'invalid_request');
  assert.equal(error.upstreamType, 'ValidationException');
  const throttled = bedrockInvokeAnthropicAdapter.parseError(429, { 'x-amzn-errortype': 'ThrottlingException', 'retry-after': '3' }, '{"message":"Too many requests"}', signed);
  assert.equal(throttled.code, 'rate_limited');
  assert.equal(throttled.retryAfterSeconds, 3);
});
