import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBedrockRequest } from './build-bedrock-request.ts';
import { bedrockSettingsFromEnv } from './bedrock-settings.ts';

const request = { model: 'bedrock/x', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }], stream: true };
const when = new Date('2025-11-24T12:34:56Z');

test('SigV4: credential scope names the region and the bedrock service; the signed headers include host and date', async () => {
  const settings = bedrockSettingsFromEnv({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-central-1' })!;
  const upstream = await buildBedrockRequest(request, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', settings, when);
  assert.equal(upstream.url, 'https://bedrock-runtime.eu-central-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream');
  const auth = upstream.headers.authorization;
  const match = /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20251124\/eu-central-1\/bedrock\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  assert.ok(match, auth);
  const signed = match[1].split(';');
  for (const name of ['host', 'x-amz-date', 'content-type']) assert.ok(signed.includes(name), `${name} in ${match[1]}`);
  assert.equal(upstream.headers['x-amz-date'], '20251124T123456Z');
  assert.equal(upstream.headers.host, 'bedrock-runtime.eu-central-1.amazonaws.com');
  assert.equal(upstream.headers['x-amz-security-token'], undefined);
});

test('SigV4 with a session token sends and signs x-amz-security-token; signing is deterministic', async () => {
  const env = { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session-token-value' };
  const settings = bedrockSettingsFromEnv(env)!;
  assert.equal(settings.region, 'us-east-1');
  const a = await buildBedrockRequest(request, 'amazon.nova-micro-v1:0', settings, when);
  const b = await buildBedrockRequest(request, 'amazon.nova-micro-v1:0', settings, when);
  assert.equal(a.headers['x-amz-security-token'], 'session-token-value');
  assert.match(a.headers.authorization, /Credential=ASIAEXAMPLE\/20251124\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[^ ]*x-amz-security-token/);
  assert.equal(a.headers.authorization, b.headers.authorization);
  const other = await buildBedrockRequest({ ...request, stream: false }, 'amazon.nova-micro-v1:0', settings, when);
  assert.notEqual(other.headers.authorization, a.headers.authorization);
});

test('settings from the environment: API key, custom base URL, nothing configured', () => {
  assert.equal(bedrockSettingsFromEnv({}), undefined);
  assert.deepEqual(bedrockSettingsFromEnv({ AWS_BEARER_TOKEN_BEDROCK: 'key', AWS_REGION: 'us-west-2', BEDROCK_BASE_URL: 'http://127.0.0.1:9000/bedrock/' }), {
    id: 'bedrock',
    baseUrl: 'http://127.0.0.1:9000/bedrock',
    region: 'us-west-2',
    apiKey: 'key',
  });
});
