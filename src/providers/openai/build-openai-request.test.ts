import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import { createOpenAiCompatibleAdapter, openAiAdapter, openAiQuirks } from './index.ts';

const settings = { id: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test', headers: { 'x-extra': '1' } };

const conversation: CanonicalRequest = {
  model: 'deepseek/deepseek-reasoner',
  stream: true,
  maxTokens: 256,
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'I should call the tool.', signature: 'sig' },
        { type: 'tool_call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      ],
    },
    {
      role: 'tool',
      content: [
        { type: 'tool_result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
        { type: 'tool_result', toolCallId: 'call_2', content: [{ type: 'text', text: 'Warm' }] },
      ],
    },
  ],
  reasoning: { budgetTokens: 8000 },
  extra: { metadata: { a: 1 }, model: 'not-this-one' },
};

const bodyOf = async (request: CanonicalRequest, adapter = openAiAdapter) => JSON.parse((await adapter.buildRequest(request, 'deepseek-reasoner', settings)).body ?? '');

test('OpenAI: reasoning in history is dropped, tool results become one tool message each, base64 images become data URLs', async () => {
  const body = await bodyOf(conversation);
  assert.deepEqual(body.messages, [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
    { role: 'tool', tool_call_id: 'call_2', content: 'Warm' },
  ]);
});

test('OpenAI: streams ask for usage, max tokens go as max_completion_tokens, a thinking budget becomes an effort, extra passes through', async () => {
  const upstream = await openAiAdapter.buildRequest(conversation, 'o4-mini', settings);
  const body = JSON.parse(upstream.body ?? '');
  assert.equal(body.model, 'o4-mini', 'canonical fields win over extra');
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.equal(body.max_completion_tokens, 256);
  assert.equal(body.max_tokens, undefined);
  assert.equal(body.reasoning_effort, 'medium');
  assert.deepEqual(body.metadata, { a: 1 });
  assert.equal(upstream.method, 'POST');
  assert.deepEqual(upstream.headers, { 'content-type': 'application/json', accept: 'text/event-stream', authorization: 'Bearer sk-test', 'x-extra': '1' });
});

test('a compatible provider differs only by quirks: DeepSeek-style reasoning echo and max_tokens', async () => {
  const deepseekLike = createOpenAiCompatibleAdapter('deepseek', { ...openAiQuirks, maxTokensField: 'max_tokens', reasoningEcho: 'reasoning_content', reasoningEffort: false });
  const body = await bodyOf(conversation, deepseekLike);
  assert.equal(body.messages[1].reasoning_content, 'I should call the tool.');
  assert.equal(body.max_tokens, 256);
  assert.equal(body.reasoning_effort, undefined);
  assert.equal(deepseekLike.family, 'deepseek');
  assert.equal(deepseekLike.wireFormat, 'openai-chat');
});

test('what OpenAI cannot express is a 400 unsupported_feature, not a silent drop', async () => {
  await assert.rejects(
    () => bodyOf({ ...conversation, topK: 40 }),
    (error) => error instanceof GatewayError && error.code === 'unsupported_feature' && error.param === 'top_k',
  );
  const imageResult: CanonicalRequest = {
    model: 'm',
    stream: false,
    messages: [{ role: 'tool', content: [{ type: 'tool_result', toolCallId: 'c', content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] }] }],
  };
  await assert.rejects(() => bodyOf(imageResult), (error) => error instanceof GatewayError && error.code === 'unsupported_feature');
});
