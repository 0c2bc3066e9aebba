import { test } from 'node:test';
import assert from 'node:assert/strict';
import { googleAdapter } from './index.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readFixtureJson, readFixtureText } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const signatureIn = (text: string): string => /"thoughtSignature":\s*"([^"]+)"/.exec(text)![1];

test('text.json: text with its thought signature, usage with thoughts counted as output', () => {
  const response = googleAdapter.parseResponse(readFixtureJson('gemini/text.json'));
  assert.equal(response.id, 'Un6LacrVMcjUxs0PmJfWoQc');
  assert.equal(response.model, 'gemini-3-pro-preview');
  assert.deepEqual(response.content, [
    { type: 'text', text: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y." },
    { type: 'reasoning', text: '', signature: signatureIn(readFixtureText('gemini/text.json')) },
  ]);
  assert.equal(response.finishReason, 'stop');
  assert.deepEqual(response.usage, { inputTokens: 9, outputTokens: 28 + 244, reasoningTokens: 244 });
});

test('thoughts.json: same shape with a longer hidden thought', () => {
  const response = googleAdapter.parseResponse(readFixtureJson('gemini/thoughts.json'));
  assert.equal(response.content[0].type === 'text' && response.content[0].text, 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.');
  assert.deepEqual(response.usage, { inputTokens: 9, outputTokens: 29 + 282, reasoningTokens: 282 });
});

test('function-call.json: a call with generated id, parsed args and signature; STOP becomes tool_calls', () => {
  const response = googleAdapter.parseResponse(readFixtureJson('gemini/function-call.json'));
  const [call] = response.content;
  assert.ok(call.type === 'tool_call');
  assert.match(call.id, /^call_[\w-]+$/);
  assert.equal(call.name, 'weather');
  assert.equal(call.arguments, '{"location":"San Francisco"}');
  assert.equal(call.signature, signatureIn(readFixtureText('gemini/function-call.json')));
  assert.equal(response.finishReason, 'tool_calls');
  assert.deepEqual(response.usage, { inputTokens: 29, outputTokens: 15 + 893, reasoningTokens: 893 });
});

test('thoughts-token-usage.har: a thought summary part becomes reasoning, the answer text', () => {
  const [exchange] = readHarExchanges('gemini/thoughts-token-usage.har');
  const response = googleAdapter.parseResponse(JSON.parse(exchange.responseBody));
  assert.equal(response.content.length, 2);
  assert.ok(response.content[0].type === 'reasoning' && response.content[0].text.startsWith('**My Calculation: 2 + 2**\n\nOkay, so the user wants'));
  assert.deepEqual(response.content[1], { type: 'text', text: '2 + 2 = 4' });
  assert.deepEqual(response.usage, { inputTokens: 9, outputTokens: 8 + 73, reasoningTokens: 73 });
});

test('structured-output-json-schema.har: plain answer body', () => {
  const [exchange] = readHarExchanges('gemini/structured-output-json-schema.har');
  const response = googleAdapter.parseResponse(JSON.parse(exchange.responseBody));
  assert.deepEqual(response.content, [{ type: 'text', text: 'Dune' }]);
  assert.deepEqual(response.usage, { inputTokens: 13, outputTokens: 192, reasoningTokens: 190 });
});

test('usage-cached-content-tokens-multi-turn.vcr.yaml: implicit cache hits are a subset of input', () => {
  const usages = readVcrExchanges('gemini/usage-cached-content-tokens-multi-turn.vcr.yaml').map((x) => googleAdapter.parseResponse(JSON.parse(x.responseBody)).usage);
  assert.deepEqual(usages, [
    { inputTokens: 3797, outputTokens: 656 + 1549, cacheReadTokens: 3055, reasoningTokens: 1549 },
    { inputTokens: 4464, outputTokens: 137 + 958, reasoningTokens: 958 },
    { inputTokens: 4610, outputTokens: 158 + 934, reasoningTokens: 934 },
  ]);
});

test('MAX_TOKENS is length and SAFETY is content_filter; MALFORMED_FUNCTION_CALL is error', () => {
  const body = (finishReason: string) => ({ candidates: [{ content: { parts: [{ text: 'x' }], role: 'model' }, finishReason }], responseId: 'r', modelVersion: 'm' });
  assert.equal(googleAdapter.parseResponse(body('MAX_TOKENS')).finishReason, 'length');
  assert.equal(googleAdapter.parseResponse(body('SAFETY')).finishReason, 'content_filter');
  assert.equal(googleAdapter.parseResponse(body('RECITATION')).finishReason, 'content_filter');
  assert.equal(googleAdapter.parseResponse(body('MALFORMED_FUNCTION_CALL')).finishReason, 'error');
  assert.equal(googleAdapter.parseResponse(body('LANGUAGE')).finishReason, 'other');
});
