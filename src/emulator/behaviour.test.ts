import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emulatorEnv, startEmulator, type Emulator } from './index.ts';
import { exampleFromSchema } from './schema-example.ts';
import { anthropicAuth, googleAuth, openaiAuth, post } from './test-client.ts';

// The deterministic behaviour documented in docs/emulator.md, which gateway tests rely on.

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.close());

const openai = async (body: Record<string, unknown>, headers: Record<string, string> = openaiAuth) => {
  const response = await post(`${emulator.url}/openai/v1/chat/completions`, headers, { model: 'gpt-4o', ...body });
  return { status: response.status, body: JSON.parse(response.text) };
};
const anthropic = async (body: Record<string, unknown>, headers: Record<string, string> = anthropicAuth) => {
  const response = await post(`${emulator.url}/anthropic/v1/messages`, headers, { model: 'claude-sonnet-4-5', max_tokens: 1000, ...body });
  return { status: response.status, body: JSON.parse(response.text) };
};
const gemini = async (body: Record<string, unknown>, headers: Record<string, string> = googleAuth, model = 'gemini-2.5-flash') => {
  const response = await post(`${emulator.url}/google/v1beta/models/${model}:generateContent`, headers, body);
  return { status: response.status, body: JSON.parse(response.text) };
};
const user = (content: unknown) => [{ role: 'user', content }];

describe('replies', () => {
  test('text parts of the last user turn are joined with a space, images counted', async () => {
    const content = [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }, { type: 'text', text: 'here' }, { type: 'image_url', image_url: { url: 'https://example.com/b.png' } }];
    const { body } = await openai({ messages: user(content) });
    assert.equal(body.choices[0].message.content, 'Echo: Look here [2 images]');
    assert.equal(body.usage.prompt_tokens, Math.ceil('Lookhere'.length / 4) + 20);
  });

  test('max_tokens truncates the reply and finishes with length / max_tokens / MAX_TOKENS', async () => {
    const text = 'a long message that will not fit';
    assert.deepEqual((await openai({ messages: user(text), max_tokens: 2 })).body.choices[0], { index: 0, message: { role: 'assistant', content: 'Echo: a ', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'length' });
    const claude = (await anthropic({ messages: user(text), max_tokens: 2 })).body;
    assert.deepEqual([claude.content[0].text, claude.stop_reason], ['Echo: a ', 'max_tokens']);
    const gem = (await gemini({ contents: [{ parts: [{ text }] }], generationConfig: { maxOutputTokens: 2 } })).body;
    assert.deepEqual([gem.candidates[0].content.parts[0].text, gem.candidates[0].finishReason], ['Echo: a ', 'MAX_TOKENS']);
  });

  test('a stop sequence cuts the reply there', async () => {
    assert.deepEqual((await openai({ messages: user('one two three'), stop: ['three', 'two'] })).body.choices[0].message.content, 'Echo: one ');
    const claude = (await anthropic({ messages: user('one two three'), stop_sequences: ['two'] })).body;
    assert.deepEqual([claude.content[0].text, claude.stop_reason, claude.stop_sequence], ['Echo: one ', 'stop_sequence', 'two']);
  });

  test('structured output is generated from the schema; JSON mode echoes', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, size: { type: 'string', enum: ['S', 'M'] }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name', 'size', 'tags'] };
    const expected = { name: 'example', size: 'S', tags: [] };
    const fromOpenai = (await openai({ messages: user('x'), response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } })).body;
    assert.deepEqual(JSON.parse(fromOpenai.choices[0].message.content), expected);
    const fromClaude = (await anthropic({ messages: user('x'), output_format: { type: 'json_schema', schema } })).body;
    assert.deepEqual(JSON.parse(fromClaude.content[0].text), expected);
    const fromGemini = (await gemini({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema } })).body;
    assert.deepEqual(JSON.parse(fromGemini.candidates[0].content.parts[0].text), expected);
    const json = (await openai({ messages: user('hi'), response_format: { type: 'json_object' } })).body;
    assert.deepEqual(JSON.parse(json.choices[0].message.content), { echo: 'hi' });
  });

  test('OpenAI reasoning models report reasoning tokens; others do not think', async () => {
    const thinking = (await openai({ model: 'o4-mini', reasoning_effort: 'low', messages: user('Hi') })).body;
    assert.equal(thinking.usage.completion_tokens_details.reasoning_tokens, Math.ceil('Thinking about: Hi'.length / 4));
    const plain = (await openai({ reasoning_effort: 'low', messages: user('Hi') })).body;
    assert.equal(plain.usage.completion_tokens_details.reasoning_tokens, 0);
  });

  test('tool_choice none answers in text; a forced tool is the one called', async () => {
    const tools = [{ type: 'function', function: { name: 'a', parameters: {} } }, { type: 'function', function: { name: 'b', parameters: {} } }];
    assert.equal((await openai({ tools, tool_choice: 'none', messages: user('use a') })).body.choices[0].message.content, 'Echo: use a');
    const forced = (await openai({ tools, tool_choice: { type: 'function', function: { name: 'b' } }, messages: user('use a') })).body;
    assert.deepEqual(forced.choices[0].message.tool_calls.map((c: any) => c.function.name), ['b']);
  });
});

describe('prompt caching', () => {
  test('Anthropic: a cache_control prefix is written on first sight and read afterwards', async () => {
    const system = [{ type: 'text', text: 'x'.repeat(400), cache_control: { type: 'ephemeral' } }];
    const first = (await anthropic({ system, messages: user('Hi') })).body.usage;
    const second = (await anthropic({ system, messages: user('Hi again') })).body.usage;
    assert.deepEqual([first.cache_creation_input_tokens, first.cache_read_input_tokens, first.input_tokens], [100, 0, 1]);
    assert.deepEqual([second.cache_creation_input_tokens, second.cache_read_input_tokens, second.input_tokens], [0, 100, 2]);
  });

  test('OpenAI and Gemini: a repeated prefix of 1024+ tokens is reported cached', async () => {
    const long = 'y'.repeat(4096 * 2);
    assert.equal((await openai({ messages: user(long) })).body.usage.prompt_tokens_details.cached_tokens, 0);
    const again = (await openai({ messages: [...user(long), { role: 'assistant', content: 'ok' }, ...user('more')] })).body.usage;
    assert.equal(again.prompt_tokens_details.cached_tokens, 2048);
    const short = 'z'.repeat(400);
    await openai({ messages: user(short) });
    assert.equal((await openai({ messages: user(short) })).body.usage.prompt_tokens_details.cached_tokens, 0, 'below 1024 tokens nothing is cached');
    const g = 'g'.repeat(4096 * 2);
    await gemini({ contents: [{ parts: [{ text: g }] }] });
    assert.equal((await gemini({ contents: [{ parts: [{ text: g }] }] })).body.usageMetadata.cachedContentTokenCount, 2048);
  });
});

describe('errors a real provider would give', () => {
  test('missing and invalid keys', async () => {
    assert.equal((await openai({ messages: user('Hi') }, {})).status, 401);
    assert.equal((await openai({ messages: user('Hi') }, { authorization: 'Bearer invalid-1' })).body.error.code, 'invalid_api_key');
    assert.deepEqual((await anthropic({ messages: user('Hi') }, { 'anthropic-version': '2023-06-01' })).body.error.type, 'authentication_error');
    const gem = await gemini({ contents: [{ parts: [{ text: 'Hi' }] }] }, { 'x-goog-api-key': 'invalid-key' });
    assert.deepEqual([gem.status, gem.body.error.status, gem.body.error.details[0].reason], [400, 'INVALID_ARGUMENT', 'API_KEY_INVALID']);
    assert.equal((await gemini({ contents: [{ parts: [{ text: 'Hi' }] }] }, {})).status, 403);
    const viaQuery = await post(`${emulator.url}/google/v1beta/models/gemini-2.5-flash:generateContent?key=gk-test`, {}, { contents: [{ parts: [{ text: 'Hi' }] }] });
    assert.equal(viaQuery.status, 200);
  });

  test('Anthropic requires anthropic-version', async () => {
    const response = await anthropic({ messages: user('Hi') }, { 'x-api-key': 'k' });
    assert.deepEqual([response.status, response.body.error.type], [400, 'invalid_request_error']);
  });

  test('unknown models and malformed requests', async () => {
    const missing = await openai({ model: 'missing-gpt', messages: user('Hi') });
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'model_not_found']);
    const malformed = await post(`${emulator.url}/openai/v1/chat/completions`, openaiAuth, '{"model":');
    assert.equal(malformed.status, 400);
    assert.equal(JSON.parse(malformed.text).error.type, 'invalid_request_error');
    assert.equal((await anthropic({ max_tokens: undefined, messages: user('Hi') })).body.error.message, 'max_tokens: Field required');
    assert.equal((await gemini({})).body.error.status, 'INVALID_ARGUMENT');
  });
});

describe('control API', () => {
  test('a queued reply replaces the next answer for its provider only', async () => {
    await fetch(`${emulator.url}/_emulator/reply`, { method: 'POST', body: JSON.stringify({ text: 'Scripted.', provider: 'anthropic' }) });
    assert.equal((await openai({ messages: user('Hi') })).body.choices[0].message.content, 'Echo: Hi');
    assert.equal((await anthropic({ messages: user('Hi') })).body.content[0].text, 'Scripted.');
    assert.equal((await anthropic({ messages: user('Hi') })).body.content[0].text, 'Echo: Hi');
  });

  test('recorded requests show what was sent, without secrets', async () => {
    await fetch(`${emulator.url}/_emulator/requests`, { method: 'DELETE' });
    await openai({ messages: user('recorded') });
    await post(`${emulator.url}/google/v1beta/models/gemini-2.5-flash:generateContent?key=secret`, {}, { contents: [{ parts: [{ text: 'Hi' }] }] });
    const { requests } = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as { requests: any[] };
    assert.equal(requests.length, 2);
    assert.deepEqual([requests[0].provider, requests[0].path, requests[0].body.messages[0].content], ['openai', '/openai/v1/chat/completions', 'recorded']);
    assert.equal(requests[0].headers.authorization, undefined);
    assert.equal(requests[1].path, '/google/v1beta/models/gemini-2.5-flash:generateContent');
  });

  test('model listings and base URLs', async () => {
    const models = (await (await fetch(`${emulator.url}/openai/v1/models`, { headers: openaiAuth })).json()) as any;
    assert.equal(models.object, 'list');
    const geminiModels = (await (await fetch(`${emulator.url}/google/v1beta/models`, { headers: googleAuth })).json()) as any;
    assert.ok(geminiModels.models[0].name.startsWith('models/'));
    const env = emulatorEnv('http://127.0.0.1:4010');
    assert.deepEqual(
      [env.OPENAI_BASE_URL, env.ANTHROPIC_BASE_URL, env.GEMINI_BASE_URL, env.BEDROCK_BASE_URL, env.VERTEX_BASE_URL, env.AZURE_OPENAI_ENDPOINT, env.GROQ_BASE_URL, env.DEEPSEEK_BASE_URL],
      ['/openai/v1', '/anthropic', '/google', '/bedrock', '/vertex', '/azure', '/groq/openai/v1', '/deepseek'].map((path) => `http://127.0.0.1:4010${path}`),
    );
  });
});

describe('exampleFromSchema', () => {
  test('fills required properties recursively, following refs, unions and upper-case Gemini types', () => {
    const schema = {
      type: 'OBJECT',
      properties: {
        n: { type: 'NUMBER' }, i: { type: 'integer' }, b: { type: 'boolean' }, opt: { type: 'string' },
        nested: { $ref: '#/$defs/Inner' }, maybe: { type: ['string', 'null'] }, either: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
      },
      required: ['n', 'i', 'b', 'nested', 'maybe', 'either'],
      $defs: { Inner: { type: 'object', properties: { kind: { enum: ['x', 'y'] } }, required: ['kind'] } },
    };
    assert.deepEqual(exampleFromSchema(schema), { n: 1, i: 1, b: true, nested: { kind: 'x' }, maybe: 'example', either: 1 });
  });
});
