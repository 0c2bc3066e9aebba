import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectStream } from '../../core/collect-stream.ts';
import type { StreamEvent } from '../../core/events.ts';
import { GatewayError } from '../../core/errors.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import type { Usage } from '../../core/usage.ts';
import { openAiAdapter } from './index.ts';
import { bytesOf } from '../../testing/byte-splits.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { chunksAsSse, readFixtureText } from '../../testing/recorded-fixtures.ts';

type Expected = {
  id: string;
  model: string;
  text: string | { start: string; end: string; length: number };
  reasoning?: { start: string; end: string; length: number };
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  finishReason: CanonicalResponse['finishReason'];
  usage: Usage;
};

function textOf(response: CanonicalResponse, type: 'text' | 'reasoning'): string {
  return response.content.flatMap((part) => (part.type === type ? [part.text] : [])).join('');
}

function assertCollected(response: CanonicalResponse, expected: Expected): void {
  assert.equal(response.id, expected.id);
  assert.equal(response.model, expected.model);
  const text = textOf(response, 'text');
  if (typeof expected.text === 'string') assert.equal(text, expected.text);
  else {
    assert.equal([...text].length, expected.text.length, "length in code points");
    assert.ok(text.startsWith(expected.text.start), text.slice(0, 60));
    assert.ok(text.endsWith(expected.text.end), text.slice(-60));
  }
  const reasoning = textOf(response, 'reasoning');
  if (expected.reasoning) {
    assert.equal(reasoning.length, expected.reasoning.length);
    assert.ok(reasoning.startsWith(expected.reasoning.start));
    assert.ok(reasoning.endsWith(expected.reasoning.end));
  } else assert.equal(reasoning, '');
  const calls = response.content.flatMap((part) => (part.type === 'tool_call' ? [{ id: part.id, name: part.name, arguments: part.arguments }] : []));
  assert.deepEqual(calls, expected.toolCalls ?? []);
  assert.equal(response.finishReason, expected.finishReason);
  assert.deepEqual(response.usage, expected.usage);
}

const parse = (sse: string, size?: number) => collectStream(openAiAdapter.parseStream(bytesOf(sse, size)));

const chunkFixtures: Record<string, Expected> = {
  'openai-chat/stream-text.chunks.txt': {
    id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
    model: 'gpt-4.1-nano-2025-04-14',
    text: { start: '**Holiday Name:** Harmony Day\n\n**Date:** Celebrate', end: 'ed human experiences and mutual respect.', length: 1724 },
    finishReason: 'stop',
    usage: { inputTokens: 16, outputTokens: 300, cacheReadTokens: 0, reasoningTokens: 0 },
  },
  // DeepSeek: reasoning_content deltas, cache hits in both prompt_tokens_details and prompt_cache_hit_tokens.
  'deepseek/stream-reasoning.chunks.txt': {
    id: 'cac7192e-e619-40c6-96b0-ed4276bc03ac',
    model: 'deepseek-reasoner',
    text: 'The word "strawberry" contains three "r"s.',
    reasoning: { start: 'We need to count the number of the lette', end: 'es, 3.\n\nThus, the answer is 3.', length: 606 },
    finishReason: 'stop',
    usage: { inputTokens: 18, outputTokens: 219, cacheReadTokens: 0, reasoningTokens: 205 },
  },
  'deepseek/stream-tool-call.chunks.txt': {
    id: 'cca85624-4056-401f-b220-d77601d1f70d',
    model: 'deepseek-reasoner',
    text: '',
    reasoning: { start: 'The user is asking for the weather in Sa', end: 'ameter set to "San Francisco".', length: 191 },
    toolCalls: [{ id: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', name: 'weather', arguments: '{"location": "San Francisco"}' }],
    finishReason: 'tool_calls',
    usage: { inputTokens: 339, outputTokens: 83, cacheReadTokens: 320, reasoningTokens: 39 },
  },
  // Groq: usage only under x_groq / a top-level usage with timing fields.
  'groq/stream-text.chunks.txt': {
    id: 'chatcmpl-7eb08824-fb8d-47af-a1f0-3aa786f2d1f3',
    model: 'llama-3.3-70b-versatile',
    text: { start: 'Introducing "Luminaria" - a new holiday that celeb', end: 'per appreciation for the magic of light.', length: 3189 },
    finishReason: 'stop',
    usage: { inputTokens: 45, outputTokens: 662 },
  },
  'groq/stream-tool-call.chunks.txt': {
    id: 'chatcmpl-b610d559-f156-4aca-8827-24b4fe6af54f',
    model: 'llama-3.3-70b-versatile',
    text: '',
    toolCalls: [{ id: 'tk85n1k4m', name: 'weather', arguments: '{}' }],
    finishReason: 'tool_calls',
    usage: { inputTokens: 210, outputTokens: 15 },
  },
  // xAI: completion_tokens leaves reasoning out (12 + 1 + 290 = 303 total); canonical output counts it.
  'xai/stream-text.chunks.txt': {
    id: '7327b9f5-1c2f-0a15-3fef-c14a71c460d3',
    model: 'grok-3-mini',
    text: 'Hello',
    reasoning: { start: 'First, the user said', end: 'First, the user said', length: 20 },
    finishReason: 'stop',
    usage: { inputTokens: 12, outputTokens: 291, cacheReadTokens: 11, reasoningTokens: 290 },
  },
  'xai/stream-tool-call.chunks.txt': {
    id: 'de9d896d-e946-b3a7-bb14-75ab33326930',
    model: 'grok-3-mini',
    text: '',
    reasoning: { start: 'First, the user is', end: 'First, the user is', length: 18 },
    toolCalls: [{ id: 'call_55117580', name: 'weather', arguments: '{"location":"San Francisco"}' }],
    finishReason: 'tool_calls',
    usage: { inputTokens: 291, outputTokens: 222, cacheReadTokens: 290, reasoningTokens: 196 },
  },
  'mistral/stream-text.chunks.txt': {
    id: '5319bd0299614c679a0068a4f2c8ffd0',
    model: 'mistral-small-latest',
    text: 'Hello, world! This is a test response.',
    finishReason: 'stop',
    usage: { inputTokens: 13, outputTokens: 8 },
  },
  // Mistral: the whole call in one delta, no `index`, no `type`.
  'mistral/stream-tool-call.chunks.txt': {
    id: 'b3999b8c93e04e11bcbff7bcab829667',
    model: 'mistral-small-latest',
    text: '',
    toolCalls: [{ id: 'gSIMJiOkT', name: 'weather', arguments: '{"location": "San Francisco"}' }],
    finishReason: 'tool_calls',
    usage: { inputTokens: 124, outputTokens: 22 },
  },
  // Magistral: content as typed chunks with `thinking` parts.
  'mistral/stream-reasoning-magistral.chunks.txt': {
    id: 'a4e29c5b82f94d67b23e108a7c9df6e1',
    model: 'magistral-medium-2507',
    text: '2 + 2 = 4',
    reasoning: { start: 'The user is asking for 2+2.', end: 'is basic arithmetic. 2+2=4.', length: 60 },
    finishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 46 },
  },
};

for (const [path, expected] of Object.entries(chunkFixtures)) {
  test(`parseStream: ${path} collects to the recorded text, tool calls, finish reason and usage`, async () => {
    assertCollected(await parse(chunksAsSse(path, 'openai')), expected);
  });
}

test('parseStream: raw Mistral SSE bytes (thinking chunks), split every 5 bytes', async () => {
  assertCollected(await parse(readFixtureText('mistral/stream-thinking.sse.txt'), 5), {
    id: '9f9d90210f194076abeee223863eaaf0',
    model: 'magistral-medium-latest',
    text: { start: 'To cross the street safely, follow these steps:\n\n1', end: 'e steps, you can ensure a safe crossing.', length: 607 },
    reasoning: { start: 'Okay, the user is asking how to cross th', end: ' a clear and concise response.', length: 421 },
    finishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 232 },
  });
});

test('parseStream: OpenAI streamed parallel tool calls (index 0/1 argument deltas) then the streamed answer', async () => {
  const [calls, answer] = readHarExchanges('openai-chat/stream-parallel-tool-calls-then-results.har');
  assertCollected(await parse(calls.responseBody), {
    id: 'chatcmpl-D3qbmX992IJqA0OczJ38Z1F7fk081',
    model: 'gpt-4o-mini-2024-07-18',
    text: '',
    toolCalls: [
      { id: 'call_KfqqY0CqapxDWHLEiw251OiT', name: 'secret_retrieval_tool', arguments: '{"password": "mellon"}' },
      { id: 'call_y9ieKDj0XgZ0FXzBRGjVatj1', name: 'secret_retrieval_tool', arguments: '{"password": "radiance"}' },
    ],
    finishReason: 'tool_calls',
    usage: { inputTokens: 87, outputTokens: 53, cacheReadTokens: 0, reasoningTokens: 0 },
  });
  assertCollected(await parse(answer.responseBody), {
    id: 'chatcmpl-D3qbonSDc7ANQWuUbKZZyWeGrrvWg',
    model: 'gpt-4o-mini-2024-07-18',
    text: { start: 'The secrets retrieved are as follows:\n\n- For the p', end: 'word **"radiance"**: "Life before Death"', length: 146 },
    finishReason: 'stop',
    usage: { inputTokens: 161, outputTokens: 42, cacheReadTokens: 0, reasoningTokens: 0 },
  });
});

test('parseStream: include_usage final chunk (choices: []) and hidden reasoning tokens', async () => {
  const [exchange] = readHarExchanges('openai-chat/stream-usage-include-usage.har');
  assertCollected(await parse(exchange.responseBody, 1), {
    id: 'chatcmpl-D2NUMpqH5tTFPIpNYt5vo3b0yleOT',
    model: 'gpt-5-mini-2025-08-07',
    text: 'Hi — how can I help you today?',
    finishReason: 'stop',
    usage: { inputTokens: 7, outputTokens: 82, cacheReadTokens: 0, reasoningTokens: 64 },
  });
});

test('parseStream: finish_reason "length" with every token spent on reasoning', async () => {
  const [exchange] = readHarExchanges('openai-chat/stream-finish-reason-length.har');
  assertCollected(await parse(exchange.responseBody), {
    id: 'chatcmpl-D3st2G0vq1rJUKhXwOQWIUljjn7di',
    model: 'gpt-5-mini-2025-08-07',
    text: '',
    finishReason: 'length',
    usage: { inputTokens: 13, outputTokens: 50, cacheReadTokens: 0, reasoningTokens: 50 },
  });
});

test('parseStream: events come in canonical order — start first, usage before the single finish', async () => {
  const [exchange] = readHarExchanges('openai-chat/stream-text-ratelimit-headers.har');
  const events: StreamEvent[] = [];
  for await (const event of openAiAdapter.parseStream(bytesOf(exchange.responseBody))) events.push(event);
  assert.deepEqual(events[0], { type: 'start', id: 'chatcmpl-D2NU2E4GXLeJaSImzs19wCBGCYSzo', model: 'gpt-5-mini-2025-08-07', created: 1769459298 });
  assert.deepEqual(events.slice(-2).map((e) => e.type), ['usage', 'finish']);
  assert.equal(events.filter((e) => e.type === 'finish').length, 1);
  // OpenAI's opening `content: ""` produces no empty text delta.
  assert.ok(events.every((e) => e.type !== 'text_delta' || e.text !== ''));
});

test('parseStream: Groq in-band `event: error` on an HTTP 200 stream ends the stream with an error event', async () => {
  const events: StreamEvent[] = [];
  for await (const event of openAiAdapter.parseStream(bytesOf(readFixtureText('groq/stream-error-tool-use-failed.sse.txt')))) events.push(event);
  const last = events[events.length - 1];
  assert.equal(last.type, 'error');
  assert.ok(last.type === 'error' && last.error instanceof GatewayError);
  if (last.type !== 'error') return;
  assert.equal(last.error.status, 400);
  assert.equal(last.error.upstreamType, 'invalid_request_error');
  assert.match(last.error.message, /^Tool call validation failed/);
  assert.equal(events.filter((e) => e.type === 'finish').length, 0);
  assert.ok(events.some((e) => e.type === 'reasoning_delta'), 'reasoning before the error is still delivered');
});

test('parseStream: a stream cut off before finish_reason or [DONE] ends with an error, not a silent finish', async () => {
  const lines = readFixtureText('mistral/stream-text.chunks.txt').split('\n').filter(Boolean).slice(0, 3);
  const events: StreamEvent[] = [];
  for await (const event of openAiAdapter.parseStream(bytesOf(lines.map((l) => `data: ${l}\n\n`).join('')))) events.push(event);
  const last = events[events.length - 1];
  assert.equal(last.type, 'error');
  assert.equal(last.type === 'error' && last.error.status, 502);
});
