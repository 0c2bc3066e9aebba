import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest } from '../core/request.ts';
import { CONTINUE_INSTRUCTION, continuationRequest } from './continuation-request.ts';

const request: CanonicalRequest = { model: 'm', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me a story' }] }] };

describe('continuationRequest', () => {
  test('nothing produced yet: the original request', () => {
    assert.deepEqual(continuationRequest(request, '', 'openai-chat'), { request, stripLeadingWhitespace: false });
  });

  test('Anthropic, Gemini and Bedrock continue a trailing assistant turn (a prefill), without trailing whitespace', () => {
    for (const format of ['anthropic-messages', 'google-generate-content', 'bedrock-converse'] as const) {
      const { request: next, stripLeadingWhitespace } = continuationRequest(request, 'Once upon a ', format);
      assert.deepEqual(next.messages.slice(1), [{ role: 'assistant', content: [{ type: 'text', text: 'Once upon a' }] }]);
      assert.equal(stripLeadingWhitespace, true, 'the model will start with the space the client already has');
    }
  });

  test("a client's own prefill is extended, not followed by a second assistant turn", () => {
    const prefilled: CanonicalRequest = { ...request, messages: [...request.messages, { role: 'assistant', content: [{ type: 'text', text: '{' }] }] };
    const { request: next } = continuationRequest(prefilled, '"a": 1', 'anthropic-messages');
    assert.deepEqual(next.messages.at(-1), { role: 'assistant', content: [{ type: 'text', text: '{' }, { type: 'text', text: '"a": 1' }] });
    assert.equal(next.messages.length, 2);
  });

  test('OpenAI-format targets get the partial answer and an instruction to continue', () => {
    const { request: next, stripLeadingWhitespace } = continuationRequest(request, 'Once upon a ', 'openai-chat');
    assert.deepEqual(next.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'text', text: 'Once upon a ' }] },
      { role: 'user', content: [{ type: 'text', text: CONTINUE_INSTRUCTION }] },
    ]);
    assert.equal(stripLeadingWhitespace, false);
    assert.equal(request.messages.length, 1, 'the original request is left alone');
  });
});
