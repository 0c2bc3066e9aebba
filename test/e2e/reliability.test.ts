import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';
import { writeTestCatalog } from './test-catalog.ts';

/**
 * Failover, retries, timeouts, circuit breakers and mid-stream continuation, end to end:
 * the official openai SDK (no retries of its own) → the gateway → the emulator, whose control
 * API injects the failures (docs/reliability.md).
 */
type Recorded = { provider: string; path: string; body: unknown };

const catalogDir = writeTestCatalog();
const hello = [{ role: 'user' as const, content: 'Hello there' }];

async function upstreamCalls(stack: Stack): Promise<Recorded[]> {
  const { requests } = (await stack.control('GET', 'requests')) as { requests: Recorded[] };
  return requests.filter((request) => request.path.includes('/models/') || request.path.endsWith('/messages') || request.path.endsWith('/completions'));
}
const countBy = (calls: Recorded[], provider: string) => calls.filter((call) => call.provider === provider).length;

async function fresh(stack: Stack): Promise<void> {
  await stack.control('POST', 'reset');
}

async function readStream(stream: AsyncIterable<OpenAI.Chat.ChatCompletionChunk>) {
  let text = '';
  const finishes: string[] = [];
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.delta.content) text += choice.delta.content;
    if (choice?.finish_reason) finishes.push(choice.finish_reason);
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, finishes, usage };
}

describe('failover and retries', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startStack({
      catalogDir,
      // Breakers stay closed here (their own suite below); short timeouts keep stalls quick.
      reliability: { firstByteTimeoutMs: 400, responseTimeoutMs: 400, idleTimeoutMs: 400, backoffBaseMs: 20, breaker: { consecutiveFailures: 1000, minCalls: 1000 } },
    });
    client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
  });
  after(() => stack.close());

  const triggers: Array<[string, Record<string, number>]> = [
    ['429', { status: 429 }],
    ['500', { status: 500 }],
    ['Anthropic 529 (overloaded)', { status: 529 }],
    ['a connection cut before the headers', { cut_after_events: 0 }],
    ['a stall beyond the first-byte timeout', { stall_ms: 1500 }],
  ];
  for (const [name, fault] of triggers) {
    for (const stream of [false, true]) {
      test(`${name} on the first provider: the next one answers (${stream ? 'stream' : 'whole'})`, async () => {
        await fresh(stack);
        await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault, times: 1 });
        const { data, response } = await client.chat.completions.create({ model: 'test/multi', messages: hello, stream }).withResponse();
        const text = stream ? (await readStream(data as AsyncIterable<OpenAI.Chat.ChatCompletionChunk>)).text : (data as OpenAI.Chat.ChatCompletion).choices[0].message.content;
        assert.equal(text, 'Echo: Hello there');
        assert.equal(response.headers.get('x-switchyard-attempts'), '2');
        assert.equal(response.headers.get('x-switchyard-provider'), 'google');
        assert.equal(response.headers.get('x-switchyard-model'), 'test/multi');
        const calls = await upstreamCalls(stack);
        assert.deepEqual([countBy(calls, 'anthropic'), countBy(calls, 'google')], [1, 1]);
      });
    }
  }

  for (const status of [400, 401, 404]) {
    test(`an upstream ${status} returns at once, with one upstream call`, async () => {
      await fresh(stack);
      await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault: { status }, times: 1 });
      await assert.rejects(client.chat.completions.create({ model: 'test/multi', messages: hello }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError);
        assert.equal(error.status, status);
        return true;
      });
      assert.equal((await upstreamCalls(stack)).length, 1);
    });
  }

  test('retry-after is waited out on the only provider, then the retry succeeds', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', fault: { status: 429, retry_after: 1 }, times: 1 });
    const started = performance.now();
    const { data, response } = await client.chat.completions.create({ model: 'test/solo', messages: hello }).withResponse();
    const elapsed = performance.now() - started;
    assert.equal(data.choices[0].message.content, 'Echo: Hello there');
    assert.equal(response.headers.get('x-switchyard-attempts'), '2');
    assert.ok(elapsed >= 1000, `waited ${elapsed.toFixed(0)} ms`);
    assert.ok(elapsed < 2500, `waited ${elapsed.toFixed(0)} ms`);
  });

  test('a retry-after longer than the gateway will wait reaches the client instead', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', fault: { status: 429, retry_after: 30 }, times: 1 });
    await assert.rejects(client.chat.completions.create({ model: 'test/solo', messages: hello }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.equal(error.headers.get('retry-after'), '30');
      return true;
    });
    assert.equal((await upstreamCalls(stack)).length, 1);
  });

  test('x-switchyard-max-attempts bounds the attempts; the last error is returned', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', fault: { status: 500 }, times: 10 });
    await assert.rejects(
      client.chat.completions.create({ model: 'test/solo', messages: hello }, { headers: { 'x-switchyard-max-attempts': '3' } }),
      (error: unknown) => error instanceof OpenAI.InternalServerError,
    );
    assert.equal((await upstreamCalls(stack)).length, 3);
  });

  test('x-switchyard-timeout-ms sets the per-attempt timeout of one request', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault: { stall_ms: 300 }, times: 1 });
    const { response } = await client.chat.completions
      .create({ model: 'test/multi', messages: hello }, { headers: { 'x-switchyard-timeout-ms': '100' } })
      .withResponse();
    assert.equal(response.headers.get('x-switchyard-provider'), 'google', 'a 300 ms stall outlasts a 100 ms timeout (the configured one is 400 ms)');
  });

  test('allow_fallbacks: false keeps to the first provider, retrying it', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault: { status: 500 }, times: 1 });
    const { response } = await client.chat.completions
      .create({ model: 'test/multi', messages: hello, ...{ provider: { allow_fallbacks: false } } })
      .withResponse();
    assert.equal(response.headers.get('x-switchyard-provider'), 'anthropic');
    assert.equal(response.headers.get('x-switchyard-attempts'), '2');
    const calls = await upstreamCalls(stack);
    assert.deepEqual([countBy(calls, 'anthropic'), countBy(calls, 'google')], [2, 0]);
  });

  test('provider order and ignore choose who answers; a filter that leaves nobody is a 400 naming it', async () => {
    await fresh(stack);
    const ordered = await client.chat.completions.create({ model: 'test/multi', messages: hello, ...{ provider: { order: ['openai'] } } }).withResponse();
    assert.equal(ordered.response.headers.get('x-switchyard-provider'), 'openai');
    const ignored = await client.chat.completions.create({ model: 'test/multi', messages: hello, ...{ provider: { ignore: ['anthropic'] } } }).withResponse();
    assert.equal(ignored.response.headers.get('x-switchyard-provider'), 'google');
    await assert.rejects(client.chat.completions.create({ model: 'test/multi', messages: hello, ...{ provider: { only: ['nobody'] } } }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.match(error.message, /only: \[nobody\]/);
      return true;
    });
  });

  test('models: [...] falls back to the next model when every provider of the first failed', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-solo', fault: { status: 503 }, times: 1 });
    const { data, response } = await client.chat.completions.create({ model: 'test/solo', messages: hello, ...{ models: ['test/backup'] } }).withResponse();
    assert.equal(data.choices[0].message.content, 'Echo: Hello there');
    assert.equal(response.headers.get('x-switchyard-model'), 'test/backup');
    assert.equal(response.headers.get('x-switchyard-provider'), 'google');
    assert.equal(response.headers.get('x-switchyard-attempts'), '2');
  });

  // token_delay_ms spaces the events out, so the ones before the cut are read before the socket dies
  // (a reset socket discards what the client had not read yet).
  test('a stream cut part-way continues on the next provider: one answer, one finish, summed usage', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault: { cut_after_events: 5, token_delay_ms: 15 }, times: 1 });
    await stack.control('POST', 'reply', { provider: 'google', text: 'and the rest of the story.' });
    const stream = await client.chat.completions.create({
      model: 'test/multi',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Tell me a story about a long train journey' }],
    });
    const { text, finishes, usage } = await readStream(stream);
    const echo = 'Echo: Tell me a story about a long train journey';
    const firstPart = text.slice(0, text.indexOf('and the rest of the story.'));
    assert.ok(firstPart.length > 0 && echo.startsWith(firstPart), `first part ${JSON.stringify(firstPart)} is a prefix of the echo`);
    assert.equal(text, firstPart + 'and the rest of the story.');
    assert.deepEqual(finishes, ['stop']);

    const calls = await upstreamCalls(stack);
    assert.deepEqual(calls.map((call) => call.provider), ['anthropic', 'google']);
    // Gemini continues a trailing model turn: the text so far goes as a prefill.
    const contents = (calls[1].body as { contents: Array<{ role: string; parts: Array<{ text?: string }> }> }).contents;
    assert.deepEqual(contents.at(-1), { role: 'model', parts: [{ text: firstPart.trimEnd() }] });
    assert.ok(usage && usage.prompt_tokens > 0 && usage.completion_tokens > 0);
  });

  test('an OpenAI-format provider gets the partial answer and an instruction to continue', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault: { cut_after_events: 5, token_delay_ms: 15 }, times: 1 });
    await stack.control('POST', 'reply', { provider: 'openai', text: 'to be continued.' });
    const stream = await client.chat.completions.create({
      model: 'test/multi',
      stream: true,
      messages: [{ role: 'user', content: 'Tell me a story' }],
      ...{ provider: { order: ['anthropic', 'openai'] } },
    });
    const { text, finishes } = await readStream(stream);
    assert.ok(text.endsWith('to be continued.'));
    assert.deepEqual(finishes, ['stop']);
    const calls = await upstreamCalls(stack);
    const messages = (calls[1].body as { messages: Array<{ role: string; content: unknown }> }).messages;
    assert.equal(messages.at(-2)?.role, 'assistant');
    assert.deepEqual(messages.at(-1), { role: 'user', content: 'Continue exactly where you left off, without repeating.' });
  });

  test('a stream that stalls beyond the idle timeout continues on the next provider', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault: { stall_after_events: 4, stall_ms: 3000 }, times: 1 });
    await stack.control('POST', 'reply', { provider: 'google', text: 'after the stall.' });
    const started = performance.now();
    const stream = await client.chat.completions.create({ model: 'test/multi', stream: true, messages: [{ role: 'user', content: 'Tell me a story' }] });
    const { text, finishes } = await readStream(stream);
    assert.ok(text.endsWith('after the stall.'), text);
    assert.deepEqual(finishes, ['stop']);
    assert.ok(performance.now() - started < 2000, 'abandoned after the idle timeout, not the stall');
  });

  test('a stream that fails inside a tool call ends with an in-band error', async () => {
    await fresh(stack);
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-multi', fault: { cut_after_events: 5, token_delay_ms: 15 }, times: 1 });
    const stream = await client.chat.completions.create({
      model: 'test/multi',
      stream: true,
      messages: [{ role: 'user', content: 'What is the weather in Paris? Use get_weather' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    await assert.rejects(readStream(stream), (error: unknown) => {
      assert.match(String((error as Error).message), /tool call/);
      return true;
    });
    assert.equal((await upstreamCalls(stack)).length, 1, 'no continuation was attempted');
  });
});

describe('circuit breakers', () => {
  let stack: Stack;
  let client: OpenAI;
  before(async () => {
    stack = await startStack({ catalogDir, reliability: { backoffBaseMs: 20, breaker: { consecutiveFailures: 2, minCalls: 100, coolDownMs: 500 } } });
    client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
  });
  after(() => stack.close());

  type Health = { data: Array<{ provider: string; model: string; state: string; errorRate: number; lastError?: { status: number }; openedAt?: string }> };
  const breakerOf = async (provider: string) => {
    const health = (await (await fetch(`${stack.gateway.url}/admin/health`)).json()) as Health;
    return health.data.find((entry) => entry.provider === provider && entry.model.endsWith('breaker'));
  };

  test('opens after repeated failures, skips the provider while open, closes after a successful probe', async () => {
    await stack.control('POST', 'faults', { provider: 'anthropic', model: 'claude-breaker', fault: { status: 500 }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const { response } = await client.chat.completions.create({ model: 'test/breaker', messages: hello }).withResponse();
      assert.equal(response.headers.get('x-switchyard-provider'), 'google');
    }
    const opened = await breakerOf('anthropic');
    assert.equal(opened?.state, 'open');
    assert.equal(opened?.lastError?.status, 500);
    assert.ok(opened?.openedAt);

    await stack.control('DELETE', 'requests');
    const skipped = await client.chat.completions.create({ model: 'test/breaker', messages: hello }).withResponse();
    assert.equal(skipped.response.headers.get('x-switchyard-attempts'), '1');
    assert.equal(countBy(await upstreamCalls(stack), 'anthropic'), 0, 'no call to a provider whose breaker is open');

    await new Promise((resolve) => setTimeout(resolve, 550));
    assert.equal((await breakerOf('anthropic'))?.state, 'half_open');
    const probe = await client.chat.completions.create({ model: 'test/breaker', messages: hello }).withResponse();
    assert.equal(probe.response.headers.get('x-switchyard-provider'), 'anthropic');
    assert.equal((await breakerOf('anthropic'))?.state, 'closed');
  });

  test('when every breaker is open the providers are still tried', async () => {
    await stack.control('POST', 'reset');
    await stack.control('POST', 'faults', { model: 'claude-breaker', fault: { status: 500 }, times: 4 });
    await stack.control('POST', 'faults', { model: 'gemini-breaker', fault: { status: 500 }, times: 4 });
    for (let i = 0; i < 2; i++) await assert.rejects(client.chat.completions.create({ model: 'test/breaker', messages: hello }, { headers: { 'x-switchyard-max-attempts': '2' } }));
    assert.equal((await breakerOf('google'))?.state, 'open');
    await stack.control('POST', 'reset');
    const { data } = await client.chat.completions.create({ model: 'test/breaker', messages: hello }).withResponse();
    assert.equal(data.choices[0].message.content, 'Echo: Hello there');
  });

  test('/admin/health needs the admin key when one is configured', async () => {
    const guarded = await startStack({ catalogDir, adminKey: 'admin-key-for-tests-0123456789' });
    try {
      assert.equal((await fetch(`${guarded.gateway.url}/admin/health`)).status, 401);
      const allowed = await fetch(`${guarded.gateway.url}/admin/health`, { headers: { authorization: 'Bearer admin-key-for-tests-0123456789' } });
      assert.equal(allowed.status, 200);
      assert.deepEqual(await allowed.json(), { object: 'list', data: [] });
    } finally {
      await guarded.close();
    }
  });
});
