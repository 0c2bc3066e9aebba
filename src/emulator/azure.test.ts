import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AzureOpenAI } from 'openai';
import { startEmulator, type Emulator } from './index.ts';
import { splitSse } from '../testing/sse-events.ts';
import { post } from './test-client.ts';

// Azure OpenAI: OpenAI's Chat Completions per deployment, with `api-key` and `api-version`.

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.close());

const chatUrl = (deployment = 'gpt-4o-mini', query = '?api-version=2024-10-21') => `${emulator.url}/azure/openai/deployments/${deployment}/chat/completions${query}`;
const auth = { 'api-key': 'az-test' };
const hello = { messages: [{ role: 'user', content: 'Hello Azure' }] };

describe('Azure OpenAI', () => {
  test("the official AzureOpenAI client works against it unchanged, whole and streamed", async () => {
    const client = new AzureOpenAI({ endpoint: `${emulator.url}/azure`, apiKey: 'az-test', apiVersion: '2024-10-21', deployment: 'prod-mini', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'ignored', messages: hello.messages as never });
    assert.equal(completion.choices[0].message.content, 'Echo: Hello Azure');
    assert.equal(completion.model, 'prod-mini', 'the deployment is the model');
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'ignored', messages: hello.messages as never, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'Echo: Hello Azure');
  });

  test('a stream opens with the prompt_filter_results chunk (no id, no choices); whole answers carry filter results', async () => {
    const streamed = await post(chatUrl(), auth, { ...hello, stream: true });
    const first = JSON.parse(splitSse(streamed.text)[0].data);
    assert.deepEqual([first.id, first.choices], ['', []]);
    assert.equal(first.prompt_filter_results[0].prompt_index, 0);
    const whole = JSON.parse((await post(chatUrl(), auth, hello)).text);
    assert.equal(whole.choices[0].content_filter_results.hate.filtered, false);
    assert.ok(whole.prompt_filter_results);
  });

  test("missing or malformed api-version, a missing key and an unknown deployment fail in Azure's shapes", async () => {
    const cases: Array<[string, Record<string, string>, number, string]> = [
      [chatUrl('gpt-4o-mini', ''), auth, 404, '404'],
      [chatUrl('gpt-4o-mini', '?api-version=latest'), auth, 400, 'BadRequest'],
      [chatUrl(), {}, 401, '401'],
      [chatUrl(), { authorization: 'Bearer sk-openai-style' }, 401, '401'],
      [chatUrl('missing-deployment'), auth, 404, 'DeploymentNotFound'],
    ];
    for (const [url, headers, status, code] of cases) {
      const response = await post(url, headers, hello);
      assert.equal(response.status, status, url);
      assert.equal(JSON.parse(response.text).error.code, code, url);
    }
  });

  test('a queued 429 for provider azure names the API version and carries retry-after; other providers are untouched', async () => {
    emulator.injectFault({ status: 429, retry_after: 7 }, { provider: 'azure' });
    const openai = await post(`${emulator.url}/openai/v1/chat/completions`, { authorization: 'Bearer sk' }, { model: 'gpt-4o-mini', ...hello });
    assert.equal(openai.status, 200);
    const limited = await post(chatUrl(), auth, hello);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.match(JSON.parse(limited.text).error.message, /API version 2024-10-21 .* Please retry after 7 seconds/);
  });

  test('embeddings per deployment, the model taken from the path', async () => {
    const response = await post(`${emulator.url}/azure/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21`, auth, { input: ['a', 'b'] });
    assert.equal(response.status, 200);
    const body = JSON.parse(response.text);
    assert.equal(body.data.length, 2);
    assert.equal(body.data[0].embedding.length, 1536);
    assert.equal(emulator.requests().at(-1)?.provider, 'azure');
  });
});
