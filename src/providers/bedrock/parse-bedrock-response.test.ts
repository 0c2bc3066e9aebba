import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBedrockResponse } from './parse-bedrock-response.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

test('converse-text.json: text, end_turn, usage (cache fields reported as 0)', () => {
  const r = parseBedrockResponse(readFixtureJson('bedrock/converse-text.json'));
  assert.deepEqual(r.content, [{ type: 'text', text: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** "r"s in "strawberry."' }]);
  assert.equal(r.finishReason, 'stop');
  assert.deepEqual(r.usage, { inputTokens: 22, outputTokens: 57, cacheReadTokens: 0, cacheWriteTokens: 0 });
  assert.match(r.id, /^bedrock-/);
});

test('converse-tool-use.json: a toolUse block becomes a tool call with JSON arguments', () => {
  const r = parseBedrockResponse(readFixtureJson('bedrock/converse-tool-use.json'));
  assert.deepEqual(r.content, [{ type: 'tool_call', id: 'toolu_01PQjhxo3eirCdKNvCJrKc8f', name: 'get-weather', arguments: '{"location":"San Francisco"}' }]);
  assert.equal(r.finishReason, 'tool_calls');
  assert.deepEqual(r.usage, { inputTokens: 843, outputTokens: 28 });
});

test('converse-reasoning.json: reasoningText keeps text and signature', () => {
  const r = parseBedrockResponse(readFixtureJson('bedrock/converse-reasoning.json'));
  const [reasoning, text] = r.content;
  assert.ok(reasoning.type === 'reasoning');
  assert.equal(reasoning.text, 'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nThere are 3 r\'s.');
  assert.ok(reasoning.signature?.startsWith('EvYBCkgICxABGAIqQA9E9VC377UnbjdfXCw4RwQa'));
  assert.deepEqual(text, { type: 'text', text: 'There are **3** r\'s in "strawberry":\n\n1. st**r**awbe**r****r**y' });
  assert.deepEqual(r.usage, { inputTokens: 51, outputTokens: 78, cacheReadTokens: 0, cacheWriteTokens: 0 });
});

test('usage-cache-write-and-read.vcr.yaml: inputTokens excludes the cache, canonical input includes it', () => {
  const [write, read] = readVcrExchanges('bedrock/usage-cache-write-and-read.vcr.yaml').map((i) => parseBedrockResponse(JSON.parse(i.responseBody)));
  // Bedrock: inputTokens 2 + cacheWrite 1322 + output 5 = totalTokens 1329.
  assert.deepEqual(write.usage, { inputTokens: 1324, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 1322 });
  assert.deepEqual(read.usage, { inputTokens: 1324, outputTokens: 5, cacheReadTokens: 1322, cacheWriteTokens: 0 });
  assert.deepEqual(write.content, [{ type: 'text', text: '21' }]);
});

test('every recorded Converse response body parses', () => {
  const seen: string[] = [];
  for (const name of ['converse-reasoning-claude.vcr.yaml', 'converse-tool-use-structured-output.vcr.yaml', 'vision-image-bytes.vcr.yaml']) {
    for (const interaction of readVcrExchanges(`bedrock/${name}`)) {
      const r = parseBedrockResponse(JSON.parse(interaction.responseBody));
      seen.push(`${r.finishReason}:${r.content.map((p) => p.type).join('+')}`);
    }
  }
  assert.deepEqual(seen, ['stop:reasoning+text', 'stop:reasoning+text', 'tool_calls:tool_call', 'stop:text', 'tool_calls:tool_call', 'stop:text']);
  const final = parseBedrockResponse(JSON.parse(readVcrExchanges('bedrock/converse-tool-use-structured-output.vcr.yaml')[2].responseBody));
  assert.deepEqual(final.content, [{ type: 'tool_call', id: 'tooluse_qVHAm8Q9QMGoJRkk06_TVA', name: 'final_result', arguments: '{"city":"London","date":"2022-01-01","temperature":"30°C"}' }]);
  assert.deepEqual(final.usage, { inputTokens: 821, outputTokens: 31 });
});

test('redacted reasoning and stop reasons map by meaning', () => {
  const body = (stopReason: string) => ({
    output: { message: { role: 'assistant', content: [{ reasoningContent: { redactedContent: 'ZW5jcnlwdGVk' } }, { text: 'ok' }] } },
    stopReason,
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  });
  assert.deepEqual(parseBedrockResponse(body('end_turn')).content[0], { type: 'reasoning', text: '', redacted: 'ZW5jcnlwdGVk' });
  const reasons = ['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'guardrail_intervened', 'content_filtered', 'something_new'].map((reason) => parseBedrockResponse(body(reason)).finishReason);
  assert.deepEqual(reasons, ['stop', 'tool_calls', 'length', 'stop_sequence', 'content_filter', 'content_filter', 'other']);
});

test('a body that is not a Converse response is a 502', () => {
  assert.throws(() => parseBedrockResponse({ message: 'nope' }), { status: 502, code: 'upstream_error' });
});
