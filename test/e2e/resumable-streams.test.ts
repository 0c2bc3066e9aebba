import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { createResumableFetch } from '../../src/index.ts';
import { startStack, type Stack } from './stack.ts';
import { chatText, frameIds, readFrames, startCuttingProxy, upstreamCalls } from './sse-reading.ts';

const prompt = 'Tell me a long story about a night train crossing the mountains under a full moon with many stops';
const expectedText = `Echo: ${prompt}`;
const body = (model: string) => JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: prompt }] });

/** The emulator sends the next stream slowly, so it is still live while the test acts. */
const slowNextStream = (stack: Stack, provider: string, ms = 10) => stack.control('POST', 'faults', { provider, fault: { token_delay_ms: ms }, times: 1 });

function startChatStream(stack: Stack, model: string, options: { key?: string; signal?: AbortSignal } = {}) {
  return fetch(`${stack.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
    body: body(model),
    signal: options.signal,
  });
}

function readStream(stack: Stack, id: string, options: { lastEventId?: number; after?: number; key?: string } = {}) {
  const query = options.after === undefined ? '' : `?after=${options.after}`;
  return fetch(`${stack.gateway.url}/v1/streams/${id}${query}`, {
    headers: {
      ...(options.lastEventId === undefined ? {} : { 'last-event-id': String(options.lastEventId) }),
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
    },
  });
}

describe('resumable streams (no admin key: every caller is the local account)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());
  beforeEach(() => stack.control('DELETE', 'requests'));

  // OpenAI is passed through as upstream bytes (split into frames); Anthropic is translated and rendered.
  for (const [model, provider] of [
    ['openai/gpt-4o-mini', 'openai'],
    ['anthropic/claude-sonnet-4-5', 'anthropic'],
  ] as const) {
    test(`${provider}: a client that drops after 4 events resumes with Last-Event-ID — exact text, no gap, no duplicate, one upstream call`, async () => {
      await slowNextStream(stack, provider);
      const abort = new AbortController();
      const response = await startChatStream(stack, model, { signal: abort.signal });
      const id = response.headers.get('x-switchyard-stream-id')!;
      assert.match(id, /^str_/);
      const before = await readFrames(response, { limit: 4, abort });
      assert.deepEqual(frameIds(before), [1, 2, 3, 4]);

      const resumed = await readStream(stack, id, { lastEventId: 4 });
      assert.equal(resumed.status, 200);
      assert.match(resumed.headers.get('content-type')!, /^text\/event-stream/);
      assert.equal(resumed.headers.get('x-switchyard-model'), model);
      const rest = await readFrames(resumed);
      const all = [...before, ...rest];
      assert.deepEqual(frameIds(all), all.map((_, i) => i + 1));
      assert.equal(chatText(all), expectedText);
      assert.match(all.at(-1)!, /data: \[DONE\]/);
      assert.equal(await upstreamCalls(stack), 1);
    });
  }

  test('the inference runs to its end with no reader at all; the whole stream replays afterwards', async () => {
    await slowNextStream(stack, 'openai', 10);
    const abort = new AbortController();
    const response = await startChatStream(stack, 'openai/gpt-4o-mini', { signal: abort.signal });
    const id = response.headers.get('x-switchyard-stream-id')!;
    abort.abort(); // gone before reading a single event
    await new Promise((resolve) => setTimeout(resolve, 600));
    const replay = await readStream(stack, id);
    assert.equal(replay.headers.get('x-switchyard-stream-status'), 'completed');
    const frames = await readFrames(replay);
    assert.equal(chatText(frames), expectedText);
    assert.equal(frameIds(frames)[0], 1);
    assert.equal(await upstreamCalls(stack), 1);
  });

  test('20 concurrent readers of one live stream all get the identical full stream', async () => {
    await slowNextStream(stack, 'anthropic', 10);
    const response = await startChatStream(stack, 'anthropic/claude-sonnet-4-5');
    const id = response.headers.get('x-switchyard-stream-id')!;
    const readers = Array.from({ length: 20 }, async () => {
      const reader = await readStream(stack, id);
      assert.equal(reader.headers.get('x-switchyard-stream-status'), 'live');
      return readFrames(reader);
    });
    const original = await readFrames(response);
    assert.equal(chatText(original), expectedText);
    for (const frames of await Promise.all(readers)) assert.deepEqual(frames, original);
    assert.equal(await upstreamCalls(stack), 1);
  });

  test('Last-Event-ID and ?after= both replay the frames after N', async () => {
    const response = await startChatStream(stack, 'openai/gpt-4o-mini');
    const id = response.headers.get('x-switchyard-stream-id')!;
    const all = await readFrames(response);
    const viaHeader = await readFrames(await readStream(stack, id, { lastEventId: 3 }));
    const viaQuery = await readFrames(await readStream(stack, id, { after: 3 }));
    assert.deepEqual(viaHeader, all.slice(3));
    assert.deepEqual(viaQuery, all.slice(3));
    assert.deepEqual(await readFrames(await readStream(stack, id, { after: all.length })), [], 'after the last frame: an empty replay');
    assert.equal((await readStream(stack, id, { after: -1 as number })).status, 400);
  });

  test('an unknown stream id is a 404 in the OpenAI error shape', async () => {
    const response = await readStream(stack, 'str_doesnotexist');
    assert.equal(response.status, 404);
    const error = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(error.error.type, 'not_found_error');
    assert.match(error.error.message, /str_doesnotexist/);
  });

  test('resumableFetch + openai SDK: a connection cut mid-stream is invisible to `for await`', async () => {
    await slowNextStream(stack, 'openai', 10);
    const proxy = await startCuttingProxy(stack.gateway.url, 1500);
    const resumes: string[] = [];
    const client = new OpenAI({
      baseURL: `${proxy.url}/v1`,
      apiKey: 'local',
      maxRetries: 0,
      fetch: createResumableFetch({ backoff: () => 10, onResume: ({ lastEventId }) => resumes.push(lastEventId) }),
    });
    try {
      const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: prompt }] });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, expectedText);
      assert.equal(proxy.cuts(), 1, 'the connection really was cut');
      assert.equal(resumes.length, 1);
      assert.ok(Number(resumes[0]) > 0, 'resumed from the last whole frame seen');
      assert.equal(await upstreamCalls(stack), 1);
    } finally {
      await proxy.close();
    }
  });

  test('resumableFetch + @anthropic-ai/sdk on /v1/messages: the same', async () => {
    await slowNextStream(stack, 'anthropic', 10);
    const proxy = await startCuttingProxy(stack.gateway.url, 1200);
    let resumed = 0;
    const client = new Anthropic({ baseURL: proxy.url, apiKey: 'local', maxRetries: 0, fetch: createResumableFetch({ backoff: () => 10, onResume: () => resumed++ }) });
    try {
      const stream = await client.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 200, stream: true, messages: [{ role: 'user', content: prompt }] });
      let text = '';
      const types: string[] = [];
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      }
      assert.equal(text, expectedText);
      assert.equal(types.filter((type) => type === 'message_start').length, 1, 'no event delivered twice');
      assert.equal(types.at(-1), 'message_stop');
      assert.equal(proxy.cuts(), 1);
      assert.equal(resumed, 1);
      assert.equal(await upstreamCalls(stack), 1);
    } finally {
      await proxy.close();
    }
  });

  test('resumableFetch leaves non-streaming answers alone', async () => {
    const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0, fetch: createResumableFetch() });
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(completion.choices[0].message.content, 'Echo: Hi');
  });
});

describe('stream access, retention and persistence', () => {
  const adminKey = 'admin-key-for-stream-tests-0123';
  let stack: Stack;
  let alice: string;
  let bob: string;
  before(async () => {
    // A one-byte memory bound: every finished stream is dropped from memory at once and read back from SQLite.
    stack = await startStack({ adminKey, env: { SWITCHYARD_STREAM_RETENTION_MS: '600', SWITCHYARD_STREAM_BUFFER_MAX_BYTES: '1' } });
    const admin = async (path: string, payload: unknown) =>
      (await (await fetch(`${stack.gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) })).json()) as Record<string, string>;
    // With an admin key billing is on: each account needs credits to run inference.
    const keyFor = async (name: string) => {
      const { id } = await admin('/admin/accounts', { name });
      await admin(`/admin/accounts/${id}/credits`, { amount_usd: '5', idempotency_key: `topup-${id}` });
      return (await admin(`/admin/accounts/${id}/keys`, { name: 'k' })).key;
    };
    alice = await keyFor('alice');
    bob = await keyFor('bob');
  });
  after(() => stack.close());

  test('only the account that started a stream can read it; to others it does not exist', async () => {
    await slowNextStream(stack, 'openai', 10);
    const response = await startChatStream(stack, 'openai/gpt-4o-mini', { key: alice });
    const id = response.headers.get('x-switchyard-stream-id')!;
    const foreign = await readStream(stack, id, { key: bob });
    assert.equal(foreign.status, 404);
    assert.equal(((await foreign.json()) as { error: { type: string } }).error.type, 'not_found_error');
    assert.equal((await readStream(stack, id)).status, 401, 'no key at all');
    assert.equal(chatText(await readFrames(await readStream(stack, id, { key: alice }))), expectedText);
    assert.equal(chatText(await readFrames(response)), expectedText);
  });

  test('a finished stream evicted from memory replays from the database, then expires', async () => {
    const response = await startChatStream(stack, 'anthropic/claude-sonnet-4-5', { key: alice });
    const id = response.headers.get('x-switchyard-stream-id')!;
    const original = await readFrames(response);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stored = await readStream(stack, id, { key: alice, lastEventId: 2 });
    assert.equal(stored.headers.get('x-switchyard-stream-status'), 'completed');
    assert.deepEqual(await readFrames(stored), original.slice(2));
    assert.equal((await readStream(stack, id, { key: bob })).status, 404);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal((await readStream(stack, id, { key: alice })).status, 404, 'gone after the retention');
  });
});
