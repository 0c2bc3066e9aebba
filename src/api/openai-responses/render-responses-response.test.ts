import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CanonicalResponse } from '../../core/response.ts';
import { parseResponsesRequest } from './parse-responses-request.ts';
import { renderResponsesResponse } from './render-responses-response.ts';
import { readHarExchanges } from '../../testing/har.ts';

const canned: CanonicalResponse = {
  id: 'msg_01abc',
  model: 'claude-sonnet-4-5-20250929',
  created: 1769449706,
  content: [
    { type: 'reasoning', text: 'Two cities, two calls.', signature: 'EqQBCkYIBxgCKkB' },
    { type: 'text', text: 'Checking ' },
    { type: 'text', text: 'both.' },
    { type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
    { type: 'tool_call', id: 'toolu_2', name: 'weather', arguments: '{"city":"Rome"}' },
  ],
  finishReason: 'tool_calls',
  usage: { inputTokens: 120, outputTokens: 80, cacheReadTokens: 100, reasoningTokens: 30 },
};

/** The non-streaming body OpenAI sent for a reasoning request, as the reference shape. */
const recorded = JSON.parse(readHarExchanges('openai-responses/reasoning-summary.har')[0].responseBody) as Record<string, unknown> & {
  output: Array<Record<string, unknown>>;
};

describe('renderResponsesResponse', () => {
  it('renders reasoning, message and function_call items in order, with OpenAI id prefixes', () => {
    const body = renderResponsesResponse(canned, { requestedModel: 'anthropic/claude-sonnet-4-5' });
    assert.match(body.id, /^resp_/);
    assert.equal(body.object, 'response');
    assert.equal(body.created_at, 1769449706);
    assert.equal(body.status, 'completed');
    assert.equal(body.model, 'anthropic/claude-sonnet-4-5');
    const [reasoning, message, first, second] = body.output;
    assert.equal(body.output.length, 4);
    assert.ok(reasoning.type === 'reasoning' && message.type === 'message' && first.type === 'function_call' && second.type === 'function_call');
    assert.match(reasoning.id, /^rs_/);
    assert.deepEqual(reasoning.summary, [{ type: 'summary_text', text: 'Two cities, two calls.' }]);
    assert.equal(reasoning.encrypted_content, 'sig:EqQBCkYIBxgCKkB');
    assert.match(message.id, /^msg_/);
    assert.deepEqual(message.content, [{ type: 'output_text', annotations: [], logprobs: [], text: 'Checking both.' }]);
    assert.equal(message.status, 'completed');
    assert.match(first.id, /^fc_/);
    assert.deepEqual([first.call_id, first.name, first.arguments, first.status], ['toolu_1', 'weather', '{"city":"Paris"}', 'completed']);
    assert.equal(second.call_id, 'toolu_2');
    assert.deepEqual(body.usage, {
      input_tokens: 120,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens: 80,
      output_tokens_details: { reasoning_tokens: 30 },
      total_tokens: 200,
    });
  });

  it('carries every field of a recorded response object that SDKs read, in the same item shapes', () => {
    const body = renderResponsesResponse(canned, { requestedModel: 'm' }) as unknown as Record<string, unknown> & { output: Array<Record<string, unknown>> };
    for (const key of Object.keys(body)) assert.ok(key in recorded, `${key} is a real response field`);
    for (const key of ['id', 'object', 'created_at', 'status', 'error', 'incomplete_details', 'model', 'output', 'parallel_tool_calls', 'tool_choice', 'tools', 'temperature', 'top_p', 'text', 'reasoning', 'usage', 'metadata']) {
      assert.ok(key in body, `${key} is rendered`);
    }
    const recordedMessage = recorded.output.find((item) => item.type === 'message')!;
    assert.deepEqual(Object.keys(body.output[1]).sort(), Object.keys(recordedMessage).sort());
    assert.deepEqual(Object.keys((body.output[1].content as object[])[0]).sort(), Object.keys((recordedMessage.content as object[])[0]).sort());
  });

  it('reports a length stop as incomplete with reason max_output_tokens, and a content filter as content_filter', () => {
    const cut = renderResponsesResponse({ ...canned, content: [{ type: 'text', text: 'Once' }], finishReason: 'length' }, { requestedModel: 'm' });
    assert.equal(cut.status, 'incomplete');
    assert.deepEqual(cut.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(cut.output[0].type === 'message' && cut.output[0].status, 'incomplete');
    assert.equal(cut.completed_at, null);
    const filtered = renderResponsesResponse({ ...canned, finishReason: 'content_filter' }, { requestedModel: 'm' });
    assert.deepEqual(filtered.incomplete_details, { reason: 'content_filter' });
  });

  it('echoes the parsed request settings', () => {
    const { render } = parseResponsesRequest({
      model: 'gpt-5-mini',
      input: 'x',
      max_output_tokens: 200,
      parallel_tool_calls: false,
      tool_choice: 'required',
      tools: [{ type: 'function', name: 'f', description: 'F.', parameters: { type: 'object' }, strict: true }],
      text: { format: { type: 'json_object' } },
      metadata: { run: '1' },
    });
    const body = renderResponsesResponse(canned, render);
    assert.equal(body.max_output_tokens, 200);
    assert.equal(body.parallel_tool_calls, false);
    assert.equal(body.tool_choice, 'required');
    assert.deepEqual(body.tools, [{ type: 'function', description: 'F.', name: 'f', parameters: { type: 'object' }, strict: true }]);
    assert.deepEqual(body.text, { format: { type: 'json_object' } });
    assert.deepEqual(body.metadata, { run: '1' });
  });
});
