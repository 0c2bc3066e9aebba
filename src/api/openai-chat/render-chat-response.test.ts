import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import { openAiAdapter } from '../../providers/openai/index.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';
import { openAiChatFormat } from './index.ts';

test('renderResponse: recorded parallel tool calls render as OpenAI sent them, content null', () => {
  const [exchange] = readHarExchanges('openai-chat/parallel-tool-calls-then-results.har');
  const recorded = JSON.parse(exchange.responseBody);
  const rendered = openAiChatFormat.renderResponse(openAiAdapter.parseResponse(recorded), { requestedModel: 'gpt-4o-mini' });
  assert.deepEqual(rendered, {
    id: recorded.id,
    object: 'chat.completion',
    created: recorded.created,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: recorded.choices[0].message.tool_calls }, finish_reason: 'tool_calls', logprobs: null }],
    usage: { prompt_tokens: 87, completion_tokens: 53, total_tokens: 140, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
  });
});

test('renderResponse: DeepSeek reasoning comes back as reasoning_content, with cached and reasoning tokens', () => {
  const recorded = readFixtureJson('deepseek/reasoning.json') as { choices: Array<{ message: { content: string; reasoning_content: string } }> };
  const rendered = openAiChatFormat.renderResponse(openAiAdapter.parseResponse(recorded), { requestedModel: 'deepseek/deepseek-reasoner' }) as {
    choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
    usage: unknown;
  };
  assert.deepEqual(rendered.choices[0].message, {
    role: 'assistant',
    content: recorded.choices[0].message.content,
    reasoning_content: recorded.choices[0].message.reasoning_content,
  });
  assert.deepEqual(rendered.usage, { prompt_tokens: 18, completion_tokens: 345, total_tokens: 363, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 315 } });
});

test('renderResponse: canonical finish reasons map onto the five OpenAI knows', () => {
  const render = (finishReason: Parameters<typeof openAiChatFormat.renderResponse>[0]['finishReason']) =>
    (openAiChatFormat.renderResponse({ id: 'a', model: 'm', created: 1, content: [{ type: 'text', text: 'x' }], finishReason, usage: { inputTokens: 1, outputTokens: 1 } }, { requestedModel: 'm' }) as {
      choices: Array<{ finish_reason: string }>;
    }).choices[0].finish_reason;
  assert.deepEqual(
    (['stop', 'stop_sequence', 'pause', 'length', 'tool_calls', 'content_filter', 'refusal', 'error', 'other'] as const).map(render),
    ['stop', 'stop', 'stop', 'length', 'tool_calls', 'content_filter', 'content_filter', 'stop', 'stop'],
  );
});

test('renderError: OpenAI error shapes and statuses', () => {
  const cases: Array<[GatewayError, { status: number; type: string; code: string | null; param: string | null }]> = [
    [GatewayError.invalidRequest('messages[2].content: expected string or array', 'messages[2].content'), { status: 400, type: 'invalid_request_error', code: null, param: 'messages[2].content' }],
    [new GatewayError({ status: 401, code: 'authentication', message: 'Invalid API key.' }), { status: 401, type: 'authentication_error', code: 'invalid_api_key', param: null }],
    [new GatewayError({ status: 402, code: 'insufficient_credits', message: 'Out of credits.' }), { status: 402, type: 'insufficient_quota', code: 'insufficient_quota', param: null }],
    [new GatewayError({ status: 403, code: 'permission', message: 'No.' }), { status: 403, type: 'permission_error', code: null, param: null }],
    [new GatewayError({ status: 404, code: 'model_not_found', message: 'The model `x` does not exist or you do not have access to it.' }), { status: 404, type: 'invalid_request_error', code: 'model_not_found', param: null }],
    [new GatewayError({ status: 413, code: 'payload_too_large', message: 'Too big.' }), { status: 413, type: 'invalid_request_error', code: null, param: null }],
    [new GatewayError({ status: 429, code: 'rate_limited', message: 'Slow down.' }), { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null }],
    [new GatewayError({ status: 400, code: 'upstream_error', message: 'Tool call validation failed', upstreamType: 'tool_use_failed' }), { status: 400, type: 'invalid_request_error', code: 'tool_use_failed', param: null }],
    [GatewayError.internal(), { status: 500, type: 'server_error', code: null, param: null }],
    [new GatewayError({ status: 502, code: 'upstream_unavailable', message: 'Could not reach openai.' }), { status: 502, type: 'server_error', code: null, param: null }],
  ];
  for (const [error, expected] of cases) {
    assert.deepEqual(openAiChatFormat.renderError(error), {
      status: expected.status,
      body: { error: { message: error.message, type: expected.type, param: expected.param, code: expected.code } },
    });
  }
});
