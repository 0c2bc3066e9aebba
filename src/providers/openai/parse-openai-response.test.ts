import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import type { Usage } from '../../core/usage.ts';
import { openAiAdapter } from './index.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';

type Expected = {
  id: string;
  text: { start: string; length: number };
  reasoningLength: number;
  toolCalls: Array<[id: string, name: string, args: string]>;
  finishReason: CanonicalResponse['finishReason'];
  usage: Usage;
};

function check(response: CanonicalResponse, expected: Expected): void {
  const text = response.content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
  const reasoning = response.content.flatMap((p) => (p.type === 'reasoning' ? [p.text] : [])).join('');
  assert.equal(response.id, expected.id);
  assert.equal([...text].length, expected.text.length, "length in code points");
  assert.ok(text.startsWith(expected.text.start), text.slice(0, 60));
  assert.equal(reasoning.length, expected.reasoningLength);
  assert.deepEqual(
    response.content.flatMap((p) => (p.type === 'tool_call' ? [[p.id, p.name, p.arguments]] : [])),
    expected.toolCalls,
  );
  assert.equal(response.finishReason, expected.finishReason);
  assert.deepEqual(response.usage, expected.usage);
  // Reasoning comes before the answer it led to.
  if (reasoning && text) assert.equal(response.content[0].type, 'reasoning');
}

const fixtures: Record<string, Expected> = {
  'openai-chat/text.json': {
    id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
    text: { start: '**Holiday Name:** Galaxy Day  \n\n', length: 1842 },
    reasoningLength: 0,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 16, outputTokens: 363, cacheReadTokens: 0, reasoningTokens: 0 },
  },
  'deepseek/reasoning.json': {
    id: '945bb10c-9bf3-47ff-a2a2-43bbe9705c72',
    text: { start: 'The word "strawberry" contains three instances', length: 107 },
    reasoningLength: 935,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 18, outputTokens: 345, cacheReadTokens: 0, reasoningTokens: 315 },
  },
  'deepseek/tool-call.json': {
    id: '7a630f5b-b7e6-4878-82f8-d77db164d42b',
    text: { start: '', length: 0 },
    reasoningLength: 242,
    toolCalls: [['call_00_9V0vrf86Pc9aelHCJMZqnJBo', 'weather', '{"location": "San Francisco"}']],
    finishReason: 'tool_calls',
    usage: { inputTokens: 339, outputTokens: 92, cacheReadTokens: 320, reasoningTokens: 48 },
  },
  'deepseek/json-mode.json': {
    id: 'f03bc170-b375-4561-9685-35182c8152c5',
    text: { start: '{\n  "location": "San Francisco",', length: 78 },
    reasoningLength: 558,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 495, outputTokens: 144, cacheReadTokens: 320, reasoningTokens: 118 },
  },
  'groq/text.json': {
    id: 'chatcmpl-09d64d2a-ed1c-4473-829f-78db43f45d13',
    text: { start: 'I\'d like to introduce "Luminaria"', length: 2953 },
    reasoningLength: 0,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 45, outputTokens: 607 },
  },
  'groq/tool-call.json': {
    id: 'chatcmpl-1fd017fc-60b8-44eb-a736-375b8e1bc3e7',
    text: { start: '', length: 0 },
    reasoningLength: 0,
    toolCalls: [['ax9fskhev', 'weather', '{}']],
    finishReason: 'tool_calls',
    usage: { inputTokens: 218, outputTokens: 15 },
  },
  // Groq names the reasoning field `reasoning`, not `reasoning_content`.
  'groq/reasoning-qwen3.json': {
    id: 'chatcmpl-73cf8a54-d54e-400c-88b8-603d1a346d96',
    text: { start: 'The word "strawberry" contains **3**', length: 206 },
    reasoningLength: 1724,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 17, outputTokens: 649, reasoningTokens: 570 },
  },
  'mistral/text.json': {
    id: '5319bd0299614c679a0068a4f2c8ffd0',
    text: { start: '**Holiday Name: "World Kindness Day of Sharing"**', length: 1925 },
    reasoningLength: 0,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 13, outputTokens: 434 },
  },
  'mistral/tool-call.json': {
    id: 'b3999b8c93e04e11bcbff7bcab829667',
    text: { start: '', length: 0 },
    reasoningLength: 0,
    toolCalls: [['gSIMJiOkT', 'weather', '{"location": "San Francisco"}']],
    finishReason: 'tool_calls',
    usage: { inputTokens: 124, outputTokens: 22 },
  },
  'mistral/reasoning-magistral.json': {
    id: 'a4e29c5b82f94d67b23e108a7c9df6e1',
    text: { start: '2 + 2 = 4', length: 9 },
    reasoningLength: 60,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 46 },
  },
  // xAI: reasoning tokens outside completion_tokens (12 + 1 + 228 = 241).
  'xai/text.json': {
    id: '2af5c888-e886-6dcb-7844-95f8fe010b00',
    text: { start: 'Hello', length: 5 },
    reasoningLength: 189,
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 12, outputTokens: 229, cacheReadTokens: 2, reasoningTokens: 228 },
  },
  'xai/tool-call.json': {
    id: '61c0468b-2a98-413e-f654-dbffcdbb62c1',
    text: { start: '', length: 0 },
    reasoningLength: 357,
    toolCalls: [['call_93562515', 'weather', '{"location":"San Francisco"}']],
    finishReason: 'tool_calls',
    usage: { inputTokens: 291, outputTokens: 215, cacheReadTokens: 244, reasoningTokens: 189 },
  },
};

for (const [path, expected] of Object.entries(fixtures)) {
  test(`parseResponse: ${path}`, () => check(openAiAdapter.parseResponse(readFixtureJson(path)), expected));
}

test('parseResponse: OpenAI parallel tool calls with content null, then the answer after tool results', () => {
  const [calls, answer] = readHarExchanges('openai-chat/parallel-tool-calls-then-results.har');
  check(openAiAdapter.parseResponse(JSON.parse(calls.responseBody)), {
    id: 'chatcmpl-D3qbbSWEtJjOCR1xUgY1iqbu5AwK3',
    text: { start: '', length: 0 },
    reasoningLength: 0,
    toolCalls: [
      ['call_SE0PTRjN6OKtlSByGkLyJjJ0', 'secret_retrieval_tool', '{"password": "mellon"}'],
      ['call_BnLDrTOL0yoQU74ap3fIqIzm', 'secret_retrieval_tool', '{"password": "radiance"}'],
    ],
    finishReason: 'tool_calls',
    usage: { inputTokens: 87, outputTokens: 53, cacheReadTokens: 0, reasoningTokens: 0 },
  });
  const final = openAiAdapter.parseResponse(JSON.parse(answer.responseBody));
  assert.equal(final.content.length, 1);
  assert.equal(final.finishReason, 'stop');
});

test('parseResponse: a length-cut reasoning model answer keeps empty content and the reasoning token count', () => {
  const [exchange] = readHarExchanges('openai-chat/structured-output-json-schema.har');
  const response = openAiAdapter.parseResponse(JSON.parse(exchange.responseBody));
  assert.deepEqual(response.content, []);
  assert.equal(response.finishReason, 'length');
  assert.deepEqual(response.usage, { inputTokens: 18, outputTokens: 200, cacheReadTokens: 0, reasoningTokens: 200 });
});

test('parseResponse: a body without choices is a 502 upstream_error', () => {
  assert.throws(
    () => openAiAdapter.parseResponse({ id: 'x', object: 'chat.completion' }),
    (error) => error instanceof GatewayError && error.status === 502 && error.code === 'upstream_error',
  );
});
