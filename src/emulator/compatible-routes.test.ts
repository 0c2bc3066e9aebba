import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { emulatorEnv, startEmulator, type Emulator } from './index.ts';
import { splitSse } from '../testing/sse-events.ts';
import { post } from './test-client.ts';

// OpenAI-compatible providers, each under its own prefix and logged under its own id.

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.close());

const hello = { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user' as const, content: 'Hello Groq' }] };

describe('OpenAI-compatible providers', () => {
  test('the openai SDK reaches Groq at its base URL; the request log says groq', async () => {
    emulator.clearRequests();
    const groq = new OpenAI({ baseURL: emulatorEnv(emulator.url).GROQ_BASE_URL, apiKey: 'gsk-test', maxRetries: 0 });
    const completion = await groq.chat.completions.create(hello);
    assert.equal(completion.choices[0].message.content, 'Echo: Hello Groq');
    assert.deepEqual(
      emulator.requests().map((r) => [r.provider, r.path]),
      [['groq', '/groq/openai/v1/chat/completions']],
    );
  });

  test('a fault queued for groq hits Groq only, not OpenAI or DeepSeek', async () => {
    emulator.injectFault({ status: 503 }, { provider: 'groq' });
    const openai = await post(`${emulator.url}/openai/v1/chat/completions`, { authorization: 'Bearer k' }, hello);
    const deepseek = await post(`${emulator.url}/deepseek/chat/completions`, { authorization: 'Bearer k' }, hello);
    const groq = await post(`${emulator.url}/groq/openai/v1/chat/completions`, { authorization: 'Bearer k' }, hello);
    assert.deepEqual([openai.status, deepseek.status, groq.status], [200, 200, 503]);
  });

  test('faults for a compatible provider can be queued over the control API', async () => {
    const queued = await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ provider: 'mistral', fault: { status: 429 } }) });
    assert.equal(queued.status, 201);
    const mistral = await post(`${emulator.url}/mistral/v1/chat/completions`, { authorization: 'Bearer k' }, hello);
    assert.equal(mistral.status, 429);
  });

  test('keyed providers need a key; local servers do not', async () => {
    assert.equal((await post(`${emulator.url}/xai/v1/chat/completions`, {}, hello)).status, 401);
    assert.equal((await post(`${emulator.url}/ollama/v1/chat/completions`, {}, hello)).status, 200);
  });

  test('Mistral ends every stream with usage, without stream_options', async () => {
    const response = await post(`${emulator.url}/mistral/v1/chat/completions`, { authorization: 'Bearer k' }, { ...hello, stream: true });
    const frames = splitSse(response.text).filter((frame) => frame.data !== '[DONE]').map((frame) => JSON.parse(frame.data));
    assert.ok(frames.at(-1).usage.total_tokens > 0);
  });

  test('embeddings under a compatible prefix', async () => {
    const response = await post(`${emulator.url}/mistral/v1/embeddings`, { authorization: 'Bearer k' }, { model: 'mistral-embed', input: 'hi' });
    assert.equal(response.status, 200);
    assert.equal(emulator.requests().at(-1)?.provider, 'mistral');
  });
});
