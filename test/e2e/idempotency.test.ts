import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from './stack.ts';
import { chatText, readFrames, upstreamCalls } from './sse-reading.ts';

const prompt = 'Describe the signal box at the junction in some detail please';

function post(stack: Stack, path: string, key: string | undefined, payload: unknown) {
  return fetch(`${stack.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: prompt }], ...extra });

describe('Idempotency-Key', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());
  beforeEach(() => stack.control('DELETE', 'requests'));

  for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) {
    test(`${model}: a repeated non-streaming request gets the first answer — same status, headers and body — without a new upstream call`, async () => {
      const first = await post(stack, '/v1/chat/completions', `key-json-${model}`, chat(model));
      const firstBody = await first.text();
      assert.equal(first.status, 200);
      // The same request, its JSON keys in another order: still the same request.
      const reordered = JSON.stringify({ messages: [{ content: prompt, role: 'user' }], model });
      const second = await post(stack, '/v1/chat/completions', `key-json-${model}`, reordered);
      assert.equal(second.status, 200);
      assert.equal(await second.text(), firstBody);
      assert.equal(second.headers.get('x-switchyard-idempotent-replay'), 'true');
      assert.equal(first.headers.get('x-switchyard-idempotent-replay'), null);
      for (const name of ['x-switchyard-request-id', 'x-switchyard-model', 'content-type']) assert.equal(second.headers.get(name), first.headers.get(name), name);
      assert.equal(await upstreamCalls(stack), 1);
    });
  }

  test('concurrent duplicates of a request still in flight wait for it and share its answer', async () => {
    await stack.control('POST', 'faults', { provider: 'openai', fault: { stall_ms: 200 }, times: 1 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(stack, '/v1/chat/completions', 'key-inflight', chat('openai/gpt-4o-mini'))));
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    assert.deepEqual(answers.map((answer) => answer.status), [200, 200, 200, 200, 200]);
    assert.equal(new Set(bodies).size, 1);
    assert.equal(await upstreamCalls(stack), 1);
  });

  test('a repeated streaming request becomes a reader of the same stream from the beginning, live or finished', async () => {
    await stack.control('POST', 'faults', { provider: 'anthropic', fault: { token_delay_ms: 10 }, times: 1 });
    const request = chat('anthropic/claude-sonnet-4-5', { stream: true });
    const first = await post(stack, '/v1/chat/completions', 'key-stream', request);
    const whileLive = await post(stack, '/v1/chat/completions', 'key-stream', request);
    assert.equal(whileLive.headers.get('x-switchyard-stream-id'), first.headers.get('x-switchyard-stream-id'));
    assert.equal(whileLive.headers.get('x-switchyard-idempotent-replay'), 'true');
    const [original, attached] = await Promise.all([readFrames(first), readFrames(whileLive)]);
    assert.equal(chatText(original), `Echo: ${prompt}`);
    assert.deepEqual(attached, original);
    const afterwards = await readFrames(await post(stack, '/v1/chat/completions', 'key-stream', request));
    assert.deepEqual(afterwards, original);
    assert.equal(await upstreamCalls(stack), 1);
  });

  test('the same key with a different body is a 409 in the caller’s format', async () => {
    await (await post(stack, '/v1/chat/completions', 'key-conflict', chat('openai/gpt-4o-mini'))).text();
    const conflict = await post(stack, '/v1/chat/completions', 'key-conflict', chat('openai/gpt-4o-mini', { temperature: 0.5 }));
    assert.equal(conflict.status, 409);
    const openaiError = (await conflict.json()) as { error: { type: string; message: string; param: string } };
    assert.equal(openaiError.error.type, 'invalid_request_error');
    assert.match(openaiError.error.message, /Idempotency-Key/);

    // The same key on another route is another request too; Anthropic clients get Anthropic's shape.
    const messages = await post(stack, '/v1/messages', 'key-conflict', { model: 'anthropic/claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: prompt }] });
    assert.equal(messages.status, 409);
    const anthropicError = (await messages.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(anthropicError.type, 'error');
    assert.match(anthropicError.error.message, /Idempotency-Key/);
    assert.equal(await upstreamCalls(stack), 1);
  });

  test('a failed first attempt is not kept: retrying with the same key runs again', async () => {
    // A 400 from the provider: the gateway's own retries leave it alone, so it reaches the client.
    await stack.control('POST', 'faults', { provider: 'openai', fault: { status: 400 }, times: 1 });
    const failed = await post(stack, '/v1/chat/completions', 'key-retry', chat('openai/gpt-4o-mini'));
    assert.equal(failed.status, 400);
    await failed.text();
    const retried = await post(stack, '/v1/chat/completions', 'key-retry', chat('openai/gpt-4o-mini'));
    assert.equal(retried.status, 200);
    assert.equal(((await retried.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content, `Echo: ${prompt}`);
    assert.equal(await upstreamCalls(stack), 2);
  });

  test('without a key every request runs; a malformed key is a 400', async () => {
    await (await post(stack, '/v1/chat/completions', undefined, chat('openai/gpt-4o-mini'))).text();
    await (await post(stack, '/v1/chat/completions', undefined, chat('openai/gpt-4o-mini'))).text();
    assert.equal(await upstreamCalls(stack), 2);
    const bad = await post(stack, '/v1/chat/completions', 'x'.repeat(300), chat('openai/gpt-4o-mini'));
    assert.equal(bad.status, 400);
  });
});
