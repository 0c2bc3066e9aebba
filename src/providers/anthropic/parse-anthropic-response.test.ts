import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const fixedClock = () => 1_700_000_000_000;

describe('parseAnthropicResponse on recorded message bodies', () => {
  it('text.json: text, end_turn and usage', () => {
    assert.deepEqual(parseAnthropicResponse(readFixtureJson('anthropic/text.json'), fixedClock), {
      id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
      model: 'claude-sonnet-4-5-20250929',
      created: 1_700_000_000,
      content: [{ type: 'text', text: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?" }],
      finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 29, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
  });

  it('thinking.json: thinking text with its signature byte-exact, then the answer', () => {
    const body = readFixtureJson('anthropic/thinking.json') as { content: Array<{ signature?: string }> };
    const response = parseAnthropicResponse(body);
    assert.deepEqual(response.content, [
      { type: 'reasoning', text: '925 divided by 5 = 185', signature: body.content[0].signature },
      { type: 'text', text: '925 ÷ 5 = 185' },
    ]);
    assert.equal(response.usage.reasoningTokens, undefined);
  });

  it('tool-use-json.json: tool_use as a tool call whose arguments parse to the recorded input', () => {
    const body = readFixtureJson('anthropic/tool-use-json.json') as { content: Array<{ input: unknown }> };
    const response = parseAnthropicResponse(body);
    assert.equal(response.finishReason, 'tool_calls');
    const [call] = response.content;
    assert.ok(call.type === 'tool_call');
    assert.equal(call.id, 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa');
    assert.equal(call.name, 'json');
    assert.deepEqual(JSON.parse(call.arguments), body.content[0].input);
  });

  it('tool-use-no-args.json: empty input as "{}"', () => {
    const response = parseAnthropicResponse(readFixtureJson('anthropic/tool-use-no-args.json'));
    assert.deepEqual(response.content[1], { type: 'tool_call', id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', arguments: '{}' });
    assert.equal(response.content[0].type, 'text');
  });

  it('server-tool-web-fetch-error.json: server tool blocks are skipped, text kept', () => {
    const response = parseAnthropicResponse(readFixtureJson('anthropic/server-tool-web-fetch-error.json'));
    assert.deepEqual(response.content.map((part) => part.type), ['text', 'text']);
    assert.deepEqual(response.usage, { inputTokens: 1902, outputTokens: 214, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('structured-output-format.json: the JSON answer arrives as text', () => {
    const response = parseAnthropicResponse(readFixtureJson('anthropic/structured-output-format.json'));
    const [part] = response.content;
    assert.ok(part.type === 'text');
    assert.equal((JSON.parse(part.text) as { recipe: { name: string } }).recipe.name, 'Classic Lasagna');
  });

  it('usage-cache-multi-turn.vcr.yaml: cache writes then reads are counted into input tokens', () => {
    const usages = readVcrExchanges('anthropic/usage-cache-multi-turn.vcr.yaml').map((exchange) => parseAnthropicResponse(JSON.parse(exchange.responseBody)).usage);
    assert.deepEqual(usages[1], { inputTokens: 3 + 4597, outputTokens: 588, cacheReadTokens: 0, cacheWriteTokens: 4597 });
    assert.deepEqual(usages[2], { inputTokens: 3 + 598 + 4597, outputTokens: 350, cacheReadTokens: 4597, cacheWriteTokens: 598 });
  });

  it('usage-cache-multi-turn.har and vision-image-url.har: max_tokens and end_turn', () => {
    const [first] = readHarExchanges('anthropic/usage-cache-multi-turn.har');
    assert.equal(parseAnthropicResponse(JSON.parse(first.responseBody)).finishReason, 'length');
    const [vision] = readHarExchanges('anthropic/vision-image-url.har');
    const response = parseAnthropicResponse(JSON.parse(vision.responseBody));
    assert.equal(response.finishReason, 'stop');
    assert.match((response.content[0] as { text: string }).text, /Wikipedia logo/);
  });

  it('keeps the matched stop sequence', () => {
    const response = parseAnthropicResponse({ ...(readFixtureJson('anthropic/text.json') as object), stop_reason: 'stop_sequence', stop_sequence: '###' });
    assert.equal(response.finishReason, 'stop_sequence');
    assert.equal(response.stopSequence, '###');
  });

  it('maps redacted thinking to opaque reasoning', () => {
    const response = parseAnthropicResponse({ ...(readFixtureJson('anthropic/text.json') as object), content: [{ type: 'redacted_thinking', data: 'EmwKAhgB' }] });
    assert.deepEqual(response.content, [{ type: 'reasoning', text: '', redacted: 'EmwKAhgB' }]);
  });

  it('rejects a body that is not a message with a 502', () => {
    assert.throws(() => parseAnthropicResponse({ hello: 'world' }), (error: unknown) => error instanceof GatewayError && error.status === 502);
  });
});

describe('mapAnthropicStopReason', () => {
  it('maps every documented stop reason by meaning', () => {
    assert.deepEqual(
      ['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded', null, 'something_new'].map(mapAnthropicStopReason),
      ['stop', 'stop_sequence', 'length', 'tool_calls', 'pause', 'refusal', 'length', 'other', 'other'],
    );
  });
});
