import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';
import { chatText, followToEnd, readFrames } from './sse-reading.ts';

const prompt = 'Tell me a long story about a night train crossing the mountains under a full moon with many stops';

describe('resumable streams switched off (SWITCHYARD_RESUMABLE_STREAMS=false)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { SWITCHYARD_RESUMABLE_STREAMS: 'false' } });
  });
  after(() => stack.close());

  for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) {
    test(`${model}: the stream arrives whole, straight from the answer, with no stream id to resume`, async () => {
      const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: prompt }] }),
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, /^text\/event-stream/);
      assert.equal(response.headers.get('x-switchyard-stream-id'), null);
      const { frames, cleanEnd } = await followToEnd(response);
      assert.ok(cleanEnd);
      assert.equal(chatText(frames), `Echo: ${prompt}`);
      // No `id:` lines: there is nothing to resume from.
      assert.ok(frames.every((frame) => !/^id:/m.test(frame)));
    });
  }

  test('the official SDK streams through it as through a buffered gateway', async () => {
    const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'unused' });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hello' }] })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    assert.equal(text, 'Echo: Hello');
  });

  test('a client that leaves stops the answer there: the logged request never finished', async () => {
    await stack.control('POST', 'faults', { provider: 'openai', fault: { token_delay_ms: 20 }, times: 1 });
    const abort = new AbortController();
    const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: prompt }] }),
      signal: abort.signal,
    });
    const id = response.headers.get('x-switchyard-request-id')!;
    await readFrames(response, { limit: 3, abort });
    // Buffered, the answer would run to its end (finish_reason 'stop'); here it stops with the client.
    let entry: Record<string, unknown> | undefined;
    for (let tries = 0; tries < 100 && !entry; tries++) {
      const found = await fetch(`${stack.gateway.url}/v1/requests/${id}`);
      if (found.status === 200) entry = (await found.json()) as Record<string, unknown>;
      else {
        await found.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    assert.ok(entry, 'the request was logged');
    assert.notEqual(entry.finish_reason, 'stop');
  });

  test('Idempotency-Key on a streamed request is refused with a 400 that says why; on a whole answer it still works', async () => {
    const send = (stream: boolean) =>
      fetch(`${stack.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `key-${stream}` },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Hi' }] }),
      });
    const refused = await send(true);
    assert.equal(refused.status, 400);
    const body = (await refused.json()) as { error: { message: string; param: string } };
    assert.match(body.error.message, /resumable streams/);
    assert.equal(body.error.param, 'Idempotency-Key');
    const first = await send(false);
    const again = await send(false);
    assert.equal(first.status, 200);
    assert.equal(again.headers.get('x-switchyard-idempotent-replay'), 'true');
  });
});
