import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index.ts';
import { splitSse } from '../testing/sse-events.ts';
import { post } from './test-client.ts';
import { createTestServiceAccount, signTestJwt } from './test-service-account.ts';

// Vertex AI as the gateway meets it: Gemini and Claude at project-scoped URLs, behind OAuth.

let emulator: Emulator;
let auth: Record<string, string>;

before(async () => {
  emulator = await startEmulator();
  const tokenUri = `${emulator.url}/google-oauth/token`;
  const { key, publicKeyPem } = createTestServiceAccount(tokenUri);
  emulator.trustServiceAccount(key.client_email, publicKeyPem);
  const now = Math.floor(Date.now() / 1000);
  const assertion = signTestJwt({ iss: key.client_email, scope: 'https://www.googleapis.com/auth/cloud-platform', aud: tokenUri, iat: now, exp: now + 3600 }, key.private_key);
  const response = await fetch(tokenUri, { method: 'POST', body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }) });
  auth = { authorization: `Bearer ${((await response.json()) as { access_token: string }).access_token}` };
});
after(() => emulator.close());

const base = () => `${emulator.url}/vertex/v1/projects/my-project/locations/us-east5/publishers`;
const geminiUrl = (method: string, model = 'gemini-2.5-flash') => `${base()}/google/models/${model}:${method}`;
const claudeUrl = (method: string, model = 'claude-sonnet-4-5@20250929') => `${base()}/anthropic/models/${encodeURIComponent(model)}:${method}`;
const contents = { contents: [{ role: 'user', parts: [{ text: 'Hello Vertex' }] }] };
const claudeBody = { anthropic_version: 'vertex-2023-10-16', max_tokens: 100, messages: [{ role: 'user', content: 'Hello Claude' }] };

describe('Vertex AI: Gemini', () => {
  test('generateContent answers in the Gemini shape and is logged as vertex', async () => {
    emulator.clearRequests();
    const response = await post(geminiUrl('generateContent'), auth, contents);
    assert.equal(response.status, 200);
    const body = JSON.parse(response.text);
    assert.equal(body.candidates[0].content.parts[0].text, 'Echo: Hello Vertex');
    assert.equal(body.candidates[0].finishReason, 'STOP');
    const [recorded] = emulator.requests();
    assert.equal(recorded.provider, 'vertex');
    assert.equal(recorded.headers.authorization, undefined);
  });

  test('streamGenerateContent?alt=sse streams SSE frames', async () => {
    const response = await post(`${geminiUrl('streamGenerateContent')}?alt=sse`, auth, contents);
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    const text = splitSse(response.text).map((frame) => JSON.parse(frame.data).candidates[0].content.parts[0].text).join('');
    assert.equal(text, 'Echo: Hello Vertex');
  });

  test('a missing publisher model is a 404 naming its full resource path', async () => {
    const response = await post(geminiUrl('generateContent', 'missing-model'), auth, contents);
    assert.equal(response.status, 404);
    const { error } = JSON.parse(response.text);
    assert.equal(error.status, 'NOT_FOUND');
    assert.match(error.message, /Publisher Model `projects\/my-project\/locations\/us-east5\/publishers\/google\/models\/missing-model` was not found/);
  });
});

describe('Vertex AI: OAuth', () => {
  test('no token, or a token the token endpoint never issued, is a 401 UNAUTHENTICATED', async () => {
    for (const [headers, reason] of [[{}, 'CREDENTIALS_MISSING'], [{ authorization: 'Bearer ya29.forged' }, 'ACCESS_TOKEN_TYPE_UNSUPPORTED']] as const) {
      const response = await post(geminiUrl('generateContent'), headers, contents);
      assert.equal(response.status, 401);
      const { error } = JSON.parse(response.text);
      assert.equal(error.status, 'UNAUTHENTICATED');
      assert.match(error.message, /Expected OAuth 2 access token/);
      assert.equal(error.details[0].reason, reason);
    }
    const claude = await post(claudeUrl('rawPredict'), { 'x-api-key': 'sk-ant-real-key' }, claudeBody);
    assert.equal(claude.status, 401, 'an Anthropic API key is no Vertex credential');
  });
});

describe('Vertex AI: Claude', () => {
  test('rawPredict answers in the Anthropic shape, the model taken from the URL', async () => {
    const response = await post(claudeUrl('rawPredict'), auth, claudeBody);
    assert.equal(response.status, 200);
    const body = JSON.parse(response.text);
    assert.equal(body.type, 'message');
    assert.equal(body.model, 'claude-sonnet-4-5@20250929');
    assert.deepEqual(body.content, [{ type: 'text', text: 'Echo: Hello Claude' }]);
  });

  test('streamRawPredict streams Anthropic SSE events', async () => {
    const response = await post(claudeUrl('streamRawPredict'), auth, { ...claudeBody, stream: true });
    const events = splitSse(response.text);
    assert.equal(events[0].event, 'message_start');
    assert.equal(events.at(-1)?.event, 'message_stop');
    const text = events.filter((e) => e.event === 'content_block_delta').map((e) => JSON.parse(e.data).delta.text).join('');
    assert.equal(text, 'Echo: Hello Claude');
  });

  test("a body without Vertex's anthropic_version, or with a model, is refused in Google's shape", async () => {
    const { anthropic_version: _version, ...unversioned } = claudeBody;
    const cases: Array<[unknown, RegExp]> = [
      [unversioned, /anthropic_version: Input should be 'vertex-2023-10-16'/],
      [{ ...claudeBody, anthropic_version: '2023-06-01' }, /anthropic_version/],
      [{ ...claudeBody, model: 'claude-sonnet-4-5' }, /model: Extra inputs are not permitted/],
    ];
    for (const [body, message] of cases) {
      const response = await post(claudeUrl('rawPredict'), auth, body);
      assert.equal(response.status, 400);
      const { error } = JSON.parse(response.text);
      assert.equal(error.status, 'INVALID_ARGUMENT');
      assert.match(error.message, message);
    }
  });

  test("the model's own errors keep Anthropic's shape; a quota 429 is Vertex's", async () => {
    const invalid = await post(claudeUrl('rawPredict'), auth, { ...claudeBody, max_tokens: undefined });
    assert.equal(invalid.status, 400);
    assert.equal(JSON.parse(invalid.text).error.type, 'invalid_request_error');
    const overloaded = await post(claudeUrl('rawPredict'), { ...auth, 'x-emulator-fault': 'status=529' }, claudeBody);
    assert.equal(JSON.parse(overloaded.text).error.type, 'overloaded_error');
    emulator.injectFault({ status: 429, retry_after: 3 }, { provider: 'vertex', model: 'claude-sonnet-4-5@20250929' });
    const limited = await post(claudeUrl('rawPredict'), auth, claudeBody);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.equal(JSON.parse(limited.text).error.status, 'RESOURCE_EXHAUSTED');
  });
});

describe('Vertex AI: embeddings', () => {
  test(':predict embeds each instance, with token counts, truncating to outputDimensionality', async () => {
    const response = await post(geminiUrl('predict', 'text-embedding-005'), auth, { instances: [{ content: 'one' }, { content: 'two words' }], parameters: { outputDimensionality: 256 } });
    assert.equal(response.status, 200);
    const { predictions, metadata } = JSON.parse(response.text);
    assert.equal(predictions.length, 2);
    assert.equal(predictions[0].embeddings.values.length, 256);
    assert.equal(predictions[1].embeddings.statistics.token_count, 3);
    assert.equal(metadata.billableCharacterCount, 12);
  });

  test('gemini-embedding-001 takes one instance per call', async () => {
    const response = await post(geminiUrl('predict', 'gemini-embedding-001'), auth, { instances: [{ content: 'a' }, { content: 'b' }] });
    assert.equal(response.status, 400);
    assert.match(JSON.parse(response.text).error.message, /only 1 instance per request/);
  });
});
