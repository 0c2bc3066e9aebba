import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';

/** OpenAI's Responses API, stateless, for every model: the `openai` SDK's `responses` client. */
const models = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'google/gemini-2.5-flash'];

const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', description: 'Weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
  { type: 'function', name: 'get_time', description: 'Time', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
];

let stack: Stack;
let client: OpenAI;

before(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
});
after(() => stack.close());

for (const model of models) {
  describe(`openai SDK responses → gateway → ${model.split('/')[0]}`, () => {
    test('a response has output_text and usage', async () => {
      const response = await client.responses.create({ model, instructions: 'Be terse.', input: 'Hello there' });
      assert.equal(response.status, 'completed');
      assert.equal(response.output_text, 'Echo: Hello there');
      assert.ok(response.usage!.input_tokens > 0 && response.usage!.output_tokens > 0);
    });

    test('a streamed response assembles to the same text', async () => {
      const stream = client.responses.stream({ model, input: 'Tell me about trains' });
      let deltas = '';
      stream.on('response.output_text.delta', (event) => (deltas += event.delta));
      const final = await stream.finalResponse();
      assert.equal(final.output_text, 'Echo: Tell me about trains');
      assert.equal(deltas, final.output_text);
    });

    test('parallel function calls, then function_call_output items, round-trip', async () => {
      const first = await client.responses.create({ model, tools, input: 'Use get_weather and get_time for Paris' });
      const calls = first.output.filter((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
      assert.deepEqual(calls.map((call) => call.name), ['get_weather', 'get_time']);
      const second = await client.responses.create({
        model,
        tools,
        input: [
          { role: 'user', content: 'Use get_weather and get_time for Paris' },
          ...first.output.map((item) => item as OpenAI.Responses.ResponseInputItem),
          { type: 'function_call_output', call_id: calls[0].call_id, output: 'sunny, 21C' },
          { type: 'function_call_output', call_id: calls[1].call_id, output: '14:05' },
        ],
      });
      assert.equal(second.output_text, 'Results: sunny, 21C; 14:05');
    });

    test('an image input by URL reaches the model', async () => {
      const response = await client.responses.create({
        model,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' }] }],
      });
      assert.equal(response.output_text, 'Echo: What is this? [1 image]');
    });
  });
}

test('previous_response_id is refused with a clear 400: the Responses API here is stateless', async () => {
  await assert.rejects(client.responses.create({ model: 'openai/gpt-4o-mini', input: 'x', previous_response_id: 'resp_123' }), (error: unknown) => {
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.match(error.message, /stateless|previous_response_id/);
    return true;
  });
});
