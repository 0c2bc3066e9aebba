import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';
import type { RecordedRequest } from '../../src/emulator/index.ts';

/**
 * Claude on Bedrock through InvokeModel: a `/v1/messages` client reaches it untranslated (the
 * body Bedrock receives is the client's own, minus model and stream, plus Bedrock's
 * anthropic_version), and Chat Completions clients reach it translated.
 */
const model = 'anthropic/claude-sonnet-4-5';
const upstream = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const invokePath = `/bedrock/model/${encodeURIComponent(upstream)}/invoke`;
/** Gateway instructions ride in the body; the SDKs take extra fields through a cast. */
const onBedrock = { provider: { only: ['bedrock'] } } as {};
const weather: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

let stack: Stack;
let anthropic: Anthropic;
let openai: OpenAI;
before(async () => {
  stack = await startStack();
  anthropic = new Anthropic({ baseURL: stack.gateway.url, apiKey: 'local', maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
});
after(() => stack.close());

const bedrockCalls = (): RecordedRequest[] => stack.emulator.requests().filter((request) => request.provider === 'bedrock');

describe('@anthropic-ai/sdk → /v1/messages → Claude on Bedrock (InvokeModel)', () => {
  test("passthrough: Bedrock receives the client's own fields untouched (string content, top_k, metadata.user_id)", async () => {
    stack.emulator.clearRequests();
    const params = {
      model,
      max_tokens: 200,
      system: 'You are terse.',
      messages: [{ role: 'user' as const, content: 'Hello Bedrock' }],
      top_k: 7,
      metadata: { user_id: 'agent-7' },
    };
    const { data: message, response } = await anthropic.messages.create({ ...params, ...onBedrock }).withResponse();
    assert.equal(response.headers.get('x-switchyard-provider'), 'bedrock');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: Hello Bedrock' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);

    const [call] = bedrockCalls();
    assert.equal(call.path, invokePath);
    // Translation would have made blocks of the string system prompt and content; passthrough keeps them as sent.
    const { model: _model, ...sent } = params;
    assert.deepEqual(call.body, { ...sent, anthropic_version: 'bedrock-2023-05-31' });
  });

  test('streaming with thinking and a tool call, then the signed thinking and the tool result round-trip', async () => {
    stack.emulator.clearRequests();
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'What is the weather in Paris? Use get_weather.' }];
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const stream = anthropic.messages.stream({ model, max_tokens: 2048, thinking, tools: [weather], messages, ...onBedrock });
    let thinkingDeltas = 0;
    stream.on('thinking', () => thinkingDeltas++);
    const first = await stream.finalMessage();
    assert.deepEqual(first.content.map((block) => block.type), ['thinking', 'tool_use']);
    assert.ok(thinkingDeltas > 1);
    const reasoning = first.content[0] as Anthropic.ThinkingBlock;
    assert.match(reasoning.thinking, /^Thinking about: What is the weather in Paris/);
    assert.ok(reasoning.signature.length > 0);
    const use = first.content[1] as Anthropic.ToolUseBlock;
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { city: 'example' });
    assert.equal(first.stop_reason, 'tool_use');

    const [streamed] = bedrockCalls();
    assert.equal(streamed.path, `/bedrock/model/${encodeURIComponent(upstream)}/invoke-with-response-stream`);
    const body = streamed.body as Record<string, unknown>;
    assert.equal('stream' in body, false);
    assert.equal(body.anthropic_version, 'bedrock-2023-05-31');
    assert.deepEqual(body.thinking, thinking);

    // The emulated Claude checks the thinking signature, as Claude does.
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'Sunny, 21°C' }] });
    const second = await anthropic.messages.stream({ model, max_tokens: 2048, thinking, tools: [weather], messages, ...onBedrock }).finalMessage();
    assert.equal(second.stop_reason, 'end_turn');
    const text = second.content.find((block): block is Anthropic.TextBlock => block.type === 'text');
    assert.match(text?.text ?? '', /Sunny, 21°C/);
  });

  test("Bedrock's ThrottlingException reaches the Anthropic client as a 429 with retry-after", async () => {
    stack.emulator.injectFault({ status: 429, retry_after: 30 }, { provider: 'bedrock', model: upstream, times: 5 });
    await assert.rejects(anthropic.messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }], ...onBedrock }), (error: Error) => {
      assert.ok(error instanceof Anthropic.APIError);
      assert.equal(error.status, 429);
      assert.equal(error.headers?.get('retry-after'), '30');
      assert.match(error.message, /Too many requests/);
      return true;
    });
    stack.emulator.clearFaults();
  });
});

describe('openai SDK → /v1/chat/completions → Claude on Bedrock (InvokeModel, translated)', () => {
  test('whole and streamed answers; Bedrock receives a Messages body built by the gateway', async () => {
    stack.emulator.clearRequests();
    const messages = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hello from chat' }];
    const completion = await openai.chat.completions.create({ model, max_tokens: 100, messages, ...onBedrock });
    assert.equal(completion.choices[0].message.content, 'Echo: Hello from chat');
    assert.equal(completion.choices[0].finish_reason, 'stop');

    let text = '';
    for await (const chunk of await openai.chat.completions.create({ model, max_tokens: 100, messages, stream: true, ...onBedrock })) text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'Echo: Hello from chat');

    const [whole, streamed] = bedrockCalls();
    assert.equal(whole.path, invokePath);
    assert.equal(streamed.path, `/bedrock/model/${encodeURIComponent(upstream)}/invoke-with-response-stream`);
    assert.deepEqual(whole.body, {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello from chat' }] }],
    });
  });
});
