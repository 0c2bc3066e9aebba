import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';

/**
 * The promise of the README: the official `openai` SDK, pointed at the gateway, talks to a GPT,
 * a Claude and a Gemini model by changing only the model string.
 */
const models = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'google/gemini-2.5-flash'];

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const timeTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Current time in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

let stack: Stack;
let client: OpenAI;

before(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
});
after(() => stack.close());

for (const model of models) {
  describe(`openai SDK → gateway → ${model.split('/')[0]}`, () => {
    test('a plain completion answers with text, a stop reason and usage', async () => {
      const { data: completion, response } = await client.chat.completions
        .create({
          model,
          messages: [
            { role: 'system', content: 'You are terse.' },
            { role: 'user', content: 'Hello there' },
          ],
        })
        .withResponse();
      assert.equal(completion.object, 'chat.completion');
      assert.equal(response.headers.get('x-switchyard-model'), model);
      assert.equal(response.headers.get('x-switchyard-provider'), model.split('/')[0]);
      assert.ok(response.headers.get('x-switchyard-request-id'));
      // OpenAI is passed through untranslated, so it names its own model id; translated answers echo the request's.
      assert.equal(completion.model, model.startsWith('openai/') ? 'gpt-4o-mini' : model);
      assert.equal(completion.choices[0].message.content, 'Echo: Hello there');
      assert.equal(completion.choices[0].finish_reason, 'stop');
      assert.ok(completion.usage!.prompt_tokens > 0);
      assert.ok(completion.usage!.completion_tokens > 0);
      assert.equal(completion.usage!.total_tokens, completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    });

    test('a stream delivers the same text in deltas, then usage when asked', async () => {
      const stream = await client.chat.completions.create({
        model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Tell me a story about a long train journey' }],
      });
      let text = '';
      let deltas = 0;
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined | null;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta.content) {
          text += choice.delta.content;
          deltas++;
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
      assert.equal(text, 'Echo: Tell me a story about a long train journey');
      assert.ok(deltas > 1, 'text arrives in several deltas');
      assert.equal(finish, 'stop');
      assert.ok(usage && usage.completion_tokens > 0);
    });

    test('a tool call comes back with parsable arguments and finish_reason tool_calls', async () => {
      const completion = await client.chat.completions.create({
        model,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      });
      const choice = completion.choices[0];
      assert.equal(choice.finish_reason, 'tool_calls');
      const call = choice.message.tool_calls![0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
      assert.equal(call.function.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.function.arguments), { city: 'example' });
      assert.ok(call.id);
    });

    test('parallel tool calls stream as deltas and assemble in the SDK; results round-trip', async () => {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
        { role: 'user', content: 'Use get_weather and get_time for Paris' },
      ];
      const runner = client.chat.completions.stream({ model, tools: [weatherTool, timeTool], messages });
      const first = await runner.finalChatCompletion();
      const calls = first.choices[0].message.tool_calls as OpenAI.Chat.ChatCompletionMessageFunctionToolCall[];
      assert.deepEqual(calls.map((call) => call.function.name), ['get_weather', 'get_time']);
      assert.equal(new Set(calls.map((call) => call.id)).size, 2, 'each call has its own id');
      assert.equal(first.choices[0].finish_reason, 'tool_calls');

      messages.push(first.choices[0].message);
      messages.push({ role: 'tool', tool_call_id: calls[0].id, content: 'sunny, 21C' });
      messages.push({ role: 'tool', tool_call_id: calls[1].id, content: '14:05' });
      const second = await client.chat.completions.create({ model, tools: [weatherTool, timeTool], messages });
      assert.equal(second.choices[0].message.content, 'Results: sunny, 21C; 14:05');
      assert.equal(second.choices[0].finish_reason, 'stop');
    });

    test('image inputs, by URL and as base64, reach the model', async () => {
      const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
      const completion = await client.chat.completions.create({
        model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare these' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${pixel}` } },
            ],
          },
        ],
      });
      assert.equal(completion.choices[0].message.content, 'Echo: Compare these [2 images]');
    });

    test('JSON schema output is JSON that matches the schema', async () => {
      const completion = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Give me a city' }],
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'city',
            strict: true,
            schema: {
              type: 'object',
              properties: { name: { type: 'string' }, population: { type: 'integer' } },
              required: ['name', 'population'],
              additionalProperties: false,
            },
          },
        },
      });
      assert.deepEqual(JSON.parse(completion.choices[0].message.content!), { name: 'example', population: 1 });
    });

    test('max_tokens cuts the answer with finish_reason length', async () => {
      const completion = await client.chat.completions.create({
        model,
        max_tokens: 3,
        messages: [{ role: 'user', content: 'Please write a very long essay about railway signalling' }],
      });
      assert.equal(completion.choices[0].finish_reason, 'length');
      assert.ok(completion.usage!.completion_tokens <= 3);
    });

    test('an upstream 429 reaches the client as a RateLimitError with retry-after', async () => {
      await stack.control('POST', 'faults', { fault: { status: 429, retry_after: 7 }, times: 1 });
      await assert.rejects(
        // Pinned to the one provider: with fallbacks on, another provider of the model would answer (docs/reliability.md).
        client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], ...{ provider: { allow_fallbacks: false } } }),
        (error: unknown) => {
          assert.ok(error instanceof OpenAI.RateLimitError, String(error));
          assert.equal(error.status, 429);
          assert.equal(error.headers.get('retry-after'), '7');
          return true;
        },
      );
    });
  });
}

describe('reasoning', () => {
  for (const model of ['anthropic/claude-sonnet-4-5', 'google/gemini-2.5-flash']) {
    test(`${model}: reasoning_effort turns thinking on and the thinking comes back`, async () => {
      const completion = await client.chat.completions.create({
        model,
        reasoning_effort: 'low',
        messages: [{ role: 'user', content: 'Why is the sky blue?' }],
      });
      const message = completion.choices[0].message as OpenAI.Chat.ChatCompletionMessage & { reasoning_content?: string };
      assert.equal(message.content, 'Echo: Why is the sky blue?');
      assert.equal(message.reasoning_content, 'Thinking about: Why is the sky blue?');
    });
  }
});

describe('errors in the OpenAI shape', () => {
  test('an unknown model is a 404 NotFoundError', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'nobody/nothing', messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.match(error.message, /nobody\/nothing/);
      return true;
    });
  });

  test('wrong types are a 400 naming the field', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: 'hello' }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { type: string; message: string; param: string | null } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message + body.error.param, /messages/);
  });

  test('malformed JSON is a 400', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": ' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { type: string } };
    assert.equal(body.error.type, 'invalid_request_error');
  });

  test('images for a text-only model are a 400 from the catalog, before any upstream call', async () => {
    await assert.rejects(
      client.chat.completions.create({
        model: 'meta-llama/llama-3.3-70b-instruct',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }],
      }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /does not accept image inputs/.test(error.message),
    );
  });

  test('a feature the provider cannot express is a 400 naming it and the provider', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', n: 2, messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /anthropic/);
        return true;
      },
    );
  });
});
