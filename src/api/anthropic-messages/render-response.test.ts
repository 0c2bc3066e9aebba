import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalResponse } from '../../core/response.ts';
import type { FinishReason } from '../../core/finish-reason.ts';
import { parseAnthropicResponse } from '../../providers/anthropic/parse-anthropic-response.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';
import { mapStopReason } from './map-stop-reason.ts';
import { renderResponse } from './render-response.ts';

type Json = Record<string, any>;

/** A recorded message without the fields the gateway does not model. */
function modelled(recorded: Json): Json {
  const copy = structuredClone(recorded);
  for (const key of ['cache_creation', 'service_tier', 'inference_geo']) delete copy.usage[key];
  delete copy.context_management;
  copy.stop_sequence ??= null;
  return copy;
}

const base: CanonicalResponse = {
  id: 'chatcmpl-123',
  model: 'gpt-5-mini',
  created: 0,
  content: [{ type: 'text', text: 'Hi' }],
  finishReason: 'stop',
  usage: { inputTokens: 10, outputTokens: 2 },
};

describe('renderResponse', () => {
  for (const name of ['text.json', 'thinking.json', 'tool-use-json.json', 'tool-use-no-args.json']) {
    it(`renders ${name}, parsed to canonical, as Anthropic sent it`, () => {
      const recorded = readFixtureJson(`anthropic/${name}`) as Json;
      const rendered = renderResponse(parseAnthropicResponse(recorded), { requestedModel: recorded.model });
      assert.deepEqual(rendered, modelled(recorded));
    });
  }

  it('answers with the model the client asked for and a msg_ id, keeping an upstream id that already is one', () => {
    const rendered = renderResponse(base, { requestedModel: 'openai/gpt-5-mini' });
    assert.equal(rendered.model, 'openai/gpt-5-mini');
    assert.match(rendered.id, /^msg_[\w-]{16}$/);
    assert.equal(renderResponse({ ...base, id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ' }, { requestedModel: 'x' }).id, 'msg_01VdEjxAP5ahtHKrrRdNBteQ');
  });

  it('reports input tokens without the cached part, as Anthropic counts them', () => {
    const rendered = renderResponse({ ...base, usage: { inputTokens: 4700, outputTokens: 30, cacheReadTokens: 4597, cacheWriteTokens: 90, reasoningTokens: 5 } }, { requestedModel: 'x' });
    assert.deepEqual(rendered.usage, { input_tokens: 13, cache_creation_input_tokens: 90, cache_read_input_tokens: 4597, output_tokens: 30 });
  });

  it('renders unsigned reasoning with an empty signature, drops empty text, and gives unparseable tool arguments as {}', () => {
    const rendered = renderResponse(
      {
        ...base,
        content: [
          { type: 'reasoning', text: 'Let me look it up.' },
          { type: 'text', text: '' },
          { type: 'tool_call', id: 'call_1', name: 'search', arguments: '{"q": "pelic' },
          { type: 'tool_call', id: 'call_2', name: 'now', arguments: '' },
        ],
        finishReason: 'length',
      },
      { requestedModel: 'x' },
    );
    assert.deepEqual(rendered.content, [
      { type: 'thinking', thinking: 'Let me look it up.', signature: '' },
      { type: 'tool_use', id: 'call_1', name: 'search', input: {} },
      { type: 'tool_use', id: 'call_2', name: 'now', input: {} },
    ]);
    assert.equal(rendered.stop_reason, 'max_tokens');
  });

  it('maps every finish reason to a stop_reason, giving the stop sequence only when it ended the turn', () => {
    const table: Record<FinishReason, string> = {
      stop: 'end_turn',
      stop_sequence: 'stop_sequence',
      length: 'max_tokens',
      tool_calls: 'tool_use',
      pause: 'pause_turn',
      refusal: 'refusal',
      content_filter: 'refusal',
      error: 'end_turn',
      other: 'end_turn',
    };
    for (const [reason, expected] of Object.entries(table)) assert.equal(mapStopReason(reason as FinishReason), expected, reason);
    const stopped = renderResponse({ ...base, finishReason: 'stop_sequence', stopSequence: '###' }, { requestedModel: 'x' });
    assert.deepEqual([stopped.stop_reason, stopped.stop_sequence], ['stop_sequence', '###']);
    assert.equal(renderResponse({ ...base, stopSequence: '###' }, { requestedModel: 'x' }).stop_sequence, null);
  });
});
