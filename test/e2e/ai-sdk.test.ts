import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { createOpenAICompatible, type OpenAICompatibleProvider } from '@ai-sdk/openai-compatible';
import { startStack, type Stack } from './stack.ts';

/**
 * The Vercel `ai` SDK, through its OpenAI-compatible provider pointed at the gateway, runs on a
 * GPT, a Claude and a Gemini model by changing only the model id.
 */
const models = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'google/gemini-2.5-flash'];

let stack: Stack;
let switchyard: OpenAICompatibleProvider;
before(async () => {
  stack = await startStack();
  switchyard = createOpenAICompatible({ name: 'switchyard', baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', includeUsage: true });
});
after(() => stack.close());

const weather = tool({
  description: 'Current weather for a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
  execute: async ({ city }) => `sunny in ${city}`,
});

for (const model of models) {
  describe(`ai SDK → gateway → ${model.split('/')[0]}`, () => {
    test('generateText answers with text, a finish reason and usage', async () => {
      const result = await generateText({ model: switchyard(model), system: 'Be terse.', prompt: 'Hello from the ai SDK', maxRetries: 0 });
      assert.equal(result.text, 'Echo: Hello from the ai SDK');
      assert.equal(result.finishReason, 'stop');
      assert.ok((result.usage.inputTokens ?? 0) > 0 && (result.usage.outputTokens ?? 0) > 0);
    });

    test('streamText delivers the same text in several deltas, then usage', async () => {
      const result = streamText({ model: switchyard(model), prompt: 'Stream a sentence about trains', maxRetries: 0 });
      const deltas: string[] = [];
      for await (const delta of result.textStream) deltas.push(delta);
      assert.equal(deltas.join(''), 'Echo: Stream a sentence about trains');
      assert.ok(deltas.length > 1, 'streamed in pieces');
      assert.equal(await result.finishReason, 'stop');
      assert.ok(((await result.usage).outputTokens ?? 0) > 0);
    });

    test('a tool call is made, executed by the SDK, and its result answered', async () => {
      const result = await generateText({
        model: switchyard(model),
        tools: { get_weather: weather },
        prompt: 'What is the weather? Use get_weather.',
        stopWhen: stepCountIs(2),
        maxRetries: 0,
      });
      const [first, second] = result.steps;
      assert.deepEqual(
        first.toolCalls.map((call) => [call.toolName, call.input]),
        [['get_weather', { city: 'example' }]],
      );
      assert.equal(first.finishReason, 'tool-calls');
      assert.deepEqual(
        first.toolResults.map((toolResult) => toolResult.output),
        ['sunny in example'],
      );
      // The emulator reports tool results back verbatim: the text output arrived as text.
      assert.equal(second.text, 'Results: sunny in example');
    });
  });
}
