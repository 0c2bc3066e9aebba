import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startEmulator, type Emulator } from './index.ts';

// The official OpenAI SDK, pointed at the emulator, proves it speaks Chat Completions.

let emulator: Emulator;
let client: OpenAI;
before(async () => {
  emulator = await startEmulator();
  client = new OpenAI({ apiKey: 'sk-test', baseURL: `${emulator.url}/openai/v1`, maxRetries: 0 });
});
after(() => emulator.close());

const tools: OpenAI.Chat.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string', enum: ['UTC', 'CET'] } }, required: ['zone'] } } },
];

describe('openai SDK against the emulator', () => {
  test('chat.completions.create echoes the last user message with usage', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello world' }] });
    assert.equal(completion.choices[0].message.content, 'Echo: Hello world');
    assert.equal(completion.choices[0].finish_reason, 'stop');
    assert.match(completion.id, /^chatcmpl-/);
    assert.deepEqual([completion.usage?.prompt_tokens, completion.usage?.completion_tokens], [Math.ceil('Be brief.Hello world'.length / 4), Math.ceil('Echo: Hello world'.length / 4)]);
  });

  test('a stream arrives in several deltas and ends with usage', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello world' }], stream: true, stream_options: { include_usage: true } });
    const deltas: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) deltas.push(chunk.choices[0].delta.content);
      if (chunk.usage) usage = chunk.usage;
    }
    assert.ok(deltas.length > 3);
    assert.equal(deltas.join(''), 'Echo: Hello world');
    assert.equal(usage?.completion_tokens, 5);
  });

  test('tools named in the message are called in parallel, in order of mention, with schema-made arguments', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o', tools, messages: [{ role: 'user', content: 'What is get_time and get_weather?' }] });
    const calls = completion.choices[0].message.tool_calls ?? [];
    assert.equal(completion.choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(calls.map((call) => call.type === 'function' && [call.function.name, JSON.parse(call.function.arguments)]), [
      ['get_time', { zone: 'UTC' }],
      ['get_weather', { city: 'example', days: 1 }],
    ]);
  });

  test('a streamed tool call reassembles through the SDK helper, and tool results are answered in text', async () => {
    const runner = client.chat.completions.stream({ model: 'gpt-4o', tools, messages: [{ role: 'user', content: 'weather please' }] });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0].message.tool_calls?.[0];
    assert.ok(call?.type === 'function');
    assert.deepEqual([call.function.name, JSON.parse(call.function.arguments)], ['get_weather', { city: 'example', days: 1 }]);
    const answer = await client.chat.completions.create({
      model: 'gpt-4o',
      tools,
      messages: [
        { role: 'user', content: 'weather please' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'sunny' },
      ],
    });
    assert.equal(answer.choices[0].message.content, 'Results: sunny');
  });

  test('a 429 surfaces as RateLimitError with retry-after', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'x-emulator-fault': 'status=429&retry_after=2' } })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OpenAI.RateLimitError);
    assert.equal(error.status, 429);
    assert.equal(error.headers?.get('retry-after'), '2');
    assert.equal((error.error as { code?: string }).code, 'rate_limit_exceeded');
  });

  test('the SDK honours retry-after and succeeds on its retry', async () => {
    emulator.clearRequests();
    emulator.injectFault({ status: 429, retry_after: 1 }, { provider: 'openai' });
    const retrying = new OpenAI({ apiKey: 'sk-test', baseURL: `${emulator.url}/openai/v1`, maxRetries: 1 });
    const started = performance.now();
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'again' }] });
    assert.equal(completion.choices[0].message.content, 'Echo: again');
    assert.ok(performance.now() - started >= 900, 'waited about the one second asked');
    assert.equal(emulator.requests().length, 2);
  });
});
