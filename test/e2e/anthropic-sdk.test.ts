import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startStack, type Stack } from './stack.ts';

/**
 * An agent built on the official Anthropic SDK runs on Claude, GPT or Gemini by changing the
 * model string: `/v1/messages` translates for non-Anthropic targets and passes through for Claude.
 */
const models = ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini', 'google/gemini-2.5-flash'];

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const timeTool: Anthropic.Tool = {
  name: 'get_time',
  description: 'Current time in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

let stack: Stack;
let client: Anthropic;

before(async () => {
  stack = await startStack();
  client = new Anthropic({ baseURL: stack.gateway.url, apiKey: 'local', maxRetries: 0 });
});
after(() => stack.close());

for (const model of models) {
  describe(`@anthropic-ai/sdk → gateway → ${model.split('/')[0]}`, () => {
    test('a message answers with text, end_turn and usage', async () => {
      const message = await client.messages.create({
        model,
        max_tokens: 256,
        system: 'You are terse.',
        messages: [{ role: 'user', content: 'Hello there' }],
      });
      assert.equal(message.type, 'message');
      assert.deepEqual(message.content.map((block) => block.type), ['text']);
      assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Echo: Hello there');
      assert.equal(message.stop_reason, 'end_turn');
      assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
    });

    test('a stream assembles in the SDK to the same message', async () => {
      const stream = client.messages.stream({ model, max_tokens: 256, messages: [{ role: 'user', content: 'Tell me about trains' }] });
      let deltas = 0;
      stream.on('text', () => deltas++);
      const message = await stream.finalMessage();
      assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Echo: Tell me about trains');
      assert.ok(deltas > 1);
      assert.equal(message.stop_reason, 'end_turn');
      assert.ok(message.usage.output_tokens > 0);
    });

    test('parallel tool use, streamed, then tool results round-trip', async () => {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Use get_weather and get_time for Paris' }];
      const first = await client.messages.stream({ model, max_tokens: 256, tools: [weatherTool, timeTool], messages }).finalMessage();
      assert.equal(first.stop_reason, 'tool_use');
      const uses = first.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
      assert.deepEqual(uses.map((use) => use.name), ['get_weather', 'get_time']);
      assert.deepEqual(uses[0].input, { city: 'example' });

      messages.push({ role: 'assistant', content: first.content });
      messages.push({
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: uses[0].id, content: 'sunny, 21C' },
          { type: 'tool_result', tool_use_id: uses[1].id, content: '14:05' },
        ],
      });
      const second = await client.messages.create({ model, max_tokens: 256, tools: [weatherTool, timeTool], messages });
      assert.equal((second.content[0] as Anthropic.TextBlock).text, 'Results: sunny, 21C; 14:05');
    });

    test('images as base64 and by URL reach the model', async () => {
      const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
      const message = await client.messages.create({
        model,
        max_tokens: 256,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare these' },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pixel } },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
            ],
          },
        ],
      });
      assert.equal((message.content[0] as Anthropic.TextBlock).text, 'Echo: Compare these [2 images]');
    });
  });
}

describe('thinking through /v1/messages', () => {
  for (const model of ['anthropic/claude-sonnet-4-5', 'google/gemini-2.5-flash']) {
    test(`${model}: thinking blocks come back and their signatures round-trip`, async () => {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Why is the sky blue?' }];
      const first = await client.messages.create({ model, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages });
      const thinking = first.content.find((block): block is Anthropic.ThinkingBlock => block.type === 'thinking');
      assert.ok(thinking, 'a thinking block');
      assert.equal(thinking.thinking, 'Thinking about: Why is the sky blue?');
      // Anthropic signs the thinking block itself; Gemini signs the part after its thoughts, which
      // arrives as a separate signature-only thinking block. Either way a signature comes back.
      assert.ok(first.content.some((block) => block.type === 'thinking' && block.signature.length > 0), 'signed');
      // The emulator rejects a thinking block whose signature it did not issue.
      messages.push({ role: 'assistant', content: first.content });
      messages.push({ role: 'user', content: 'And at sunset?' });
      const second = await client.messages.create({ model, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages });
      assert.ok(second.content.some((block) => block.type === 'text' && block.text === 'Echo: And at sunset?'));
    });
  }
});

describe('errors in the Anthropic shape', () => {
  test('an unknown model is a NotFoundError', async () => {
    await assert.rejects(client.messages.create({ model: 'nobody/nothing', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.NotFoundError, String(error));
      return true;
    });
  });

  test('a missing max_tokens is a 400 invalid_request_error', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /max_tokens/);
  });

  test('an upstream 529 reaches the client as overloaded_error', async () => {
    // Overloaded every time, and pinned to the one provider: otherwise a retry or another provider would answer (docs/reliability.md).
    await stack.control('POST', 'faults', { provider: 'anthropic', fault: { status: 529 }, times: 10 });
    const pinned = { provider: { allow_fallbacks: false } };
    await assert.rejects(client.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], ...pinned }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.APIError);
      assert.equal(error.status, 529);
      assert.equal((error.error as { error: { type: string } }).error.type, 'overloaded_error');
      return true;
    });
    await stack.control('DELETE', 'faults');
  });
});
