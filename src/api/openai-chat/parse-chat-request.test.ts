import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import { readHarRequestBodies } from '../../testing/har.ts';
import { openAiChatFormat } from './index.ts';

const parse = (body: unknown) => openAiChatFormat.parseRequest(body);

function rejects(body: unknown, message: string, param?: string): void {
  assert.throws(
    () => parse(body),
    (error) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.message, message);
      if (param !== undefined) assert.equal(error.param, param);
      return true;
    },
  );
}

const base = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

test('a recorded streaming request: max_completion_tokens, stream and include_usage', () => {
  const [body] = readHarRequestBodies('openai-chat/stream-usage-include-usage.har');
  const { request, render } = parse(body);
  assert.deepEqual(request, {
    model: 'gpt-5-mini',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    stream: true,
    maxTokens: 500,
  });
  assert.deepEqual(render, { requestedModel: 'gpt-5-mini', includeUsage: true });
});

test('a recorded vision request: an https image_url part becomes a url image with its detail', () => {
  const [body] = readHarRequestBodies('openai-chat/vision-image-url.har');
  const { request } = parse(body);
  assert.deepEqual(request.messages[0].content[1], {
    type: 'image',
    source: { kind: 'url', url: 'https://en.wikipedia.org/static/images/icons/wikipedia.png' },
    detail: 'auto',
  });
});

test('a data: URL image becomes a base64 source with its media type', () => {
  const { request } = parse({ ...base, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }] });
  assert.deepEqual(request.messages[0].content, [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }]);
});

test('system and developer become system; assistant reasoning_content, text and tool calls keep their order; tool results follow', () => {
  const { request } = parse({
    model: 'deepseek/deepseek-reasoner',
    messages: [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, reasoning_content: 'Call the tool.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
    ],
  });
  assert.deepEqual(request.messages, [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Call the tool.' },
        { type: 'tool_call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] }] },
  ]);
});

test('sampling, tools, tool_choice, response_format and reasoning map to canonical fields; unknown fields go to extra', () => {
  const { request } = parse({
    ...base,
    max_tokens: 100,
    temperature: 0.2,
    top_p: 0.9,
    stop: 'END',
    seed: 7,
    presence_penalty: 0.5,
    frequency_penalty: -0.5,
    n: 2,
    user: 'u-1',
    tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' }, strict: true } }],
    tool_choice: { type: 'function', function: { name: 'f' } },
    parallel_tool_calls: false,
    response_format: { type: 'json_schema', json_schema: { name: 'book', schema: { type: 'object' }, strict: true } },
    reasoning_effort: 'low',
    metadata: { trace: 'abc' },
    logit_bias: { '50256': -100 },
  });
  assert.deepEqual(
    { ...request, messages: undefined },
    {
      model: 'gpt-4o-mini',
      messages: undefined,
      stream: false,
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      stop: ['END'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      n: 2,
      user: 'u-1',
      tools: [{ name: 'f', description: 'd', parameters: { type: 'object' }, strict: true }],
      toolChoice: { name: 'f' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'book', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'low', includeThoughts: true },
      extra: { metadata: { trace: 'abc' }, logit_bias: { '50256': -100 } },
    },
  );
});

test('OpenRouter-style reasoning: effort, max_tokens and exclude', () => {
  assert.deepEqual(parse({ ...base, reasoning: { effort: 'high', max_tokens: 4000, exclude: true } }).request.reasoning, {
    effort: 'high',
    budgetTokens: 4000,
    includeThoughts: false,
  });
  assert.deepEqual(parse({ ...base, reasoning_effort: 'none' }).request.reasoning, { disabled: true });
});

test('null optional fields count as not given, as the OpenAI SDKs send them', () => {
  const { request } = parse({ ...base, temperature: null, stop: null, max_tokens: null, stream: null });
  assert.equal(request.temperature, undefined);
  assert.equal(request.stop, undefined);
  assert.equal(request.maxTokens, undefined);
  assert.equal(request.stream, false);
});

test('validation errors name the field at fault', () => {
  rejects({ ...base, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 5 }] }, 'messages[2].content: expected string or array', 'messages[2].content');
  rejects({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 3 }] }] }, 'messages[0].content[1].text: expected string, received number', 'messages[0].content[1].text');
  rejects({ ...base, messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role: expected role system, developer, user, assistant or tool');
  rejects({ ...base, messages: [{ role: 'function', name: 'f', content: 'x' }] }, "messages[0].role: the deprecated 'function' role is not supported; use 'tool' messages with tool_call_id");
  rejects({ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id: required (expected string, received undefined)');
  rejects({ model: 'm' }, 'messages: required (expected array, received undefined)', 'messages');
  rejects({ ...base, messages: [] }, 'messages: Too small: expected array to have >=1 items');
  rejects({ ...base, temperature: 3 }, 'temperature: Too big: expected number to be <=2', 'temperature');
  rejects({ ...base, tool_choice: 'sometimes' }, "tool_choice: expected 'auto', 'none', 'required' or {type: 'function', function: {name}}");
  rejects({ ...base, reasoning_effort: 'extreme' }, 'reasoning_effort: expected none, minimal, low, medium or high');
  rejects({ ...base, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] }, 'messages[0].content[0].image_url.url: expected an http(s) URL or a base64 data: URL');
  rejects({ ...base, messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] }] }, "messages[0].content[0].type: 'input_audio' content parts are not supported by this gateway");
  rejects([], 'The request body must be a JSON object.');
});
