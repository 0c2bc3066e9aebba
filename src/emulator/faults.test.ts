import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index.ts';
import { splitSse } from '../testing/sse-events.ts';
import { anthropicAuth, googleAuth, openaiAuth, post } from './test-client.ts';

// Fault injection, observed on real sockets: what a gateway would see from a misbehaving provider.

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.close());

const openai = () => `${emulator.url}/openai/v1/chat/completions`;
const anthropic = () => `${emulator.url}/anthropic/v1/messages`;
const google = (method = 'generateContent') => `${emulator.url}/google/v1beta/models/gemini-2.5-flash:${method}`;
const chat = (stream = true) => ({ model: 'gpt-4o', messages: [{ role: 'user', content: 'one two three four five six' }], stream });
const message = { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi there' }], stream: true };
const contents = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };

describe('injected error statuses, in each provider\'s own shape', () => {
  test('OpenAI 429: rate_limit_exceeded with retry-after and exhausted rate-limit headers', async () => {
    const response = await post(openai(), { ...openaiAuth, 'x-emulator-fault': 'status=429&retry_after=2' }, chat());
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '2');
    assert.equal(response.headers.get('x-ratelimit-remaining-requests'), '0');
    assert.equal(JSON.parse(response.text).error.code, 'rate_limit_exceeded');
  });

  test('OpenAI 500: server_error', async () => {
    const response = await post(openai(), { ...openaiAuth, 'x-emulator-fault': 'status=500' }, chat());
    assert.equal(response.status, 500);
    assert.equal(JSON.parse(response.text).error.type, 'server_error');
  });

  test('Anthropic 429, 529 and 500: rate_limit_error, overloaded_error, api_error', async () => {
    for (const [status, type] of [[429, 'rate_limit_error'], [529, 'overloaded_error'], [500, 'api_error']] as const) {
      const response = await post(anthropic(), { ...anthropicAuth, 'x-emulator-fault': `status=${status}&retry_after=1` }, message);
      assert.equal(response.status, status);
      assert.equal(response.headers.get('retry-after'), '1');
      assert.equal(response.headers.get('x-should-retry'), 'true');
      assert.deepEqual(JSON.parse(response.text).error.type, type);
    }
  });

  test('Gemini 429 with RetryInfo, 500 INTERNAL, 503 UNAVAILABLE', async () => {
    const limited = JSON.parse((await post(google(), { ...googleAuth, 'x-emulator-fault': 'status=429&retry_after=7' }, contents)).text);
    assert.equal(limited.error.status, 'RESOURCE_EXHAUSTED');
    assert.equal(limited.error.details.find((d: any) => d['@type'].endsWith('RetryInfo')).retryDelay, '7s');
    for (const [status, name] of [[500, 'INTERNAL'], [503, 'UNAVAILABLE']] as const) {
      const response = await post(google(), { ...googleAuth, 'x-emulator-fault': `status=${status}` }, contents);
      assert.equal(response.status, status);
      assert.equal(JSON.parse(response.text).error.status, name);
    }
  });
});

describe('timing and connection faults', () => {
  test('stall_ms delays the response headers', async () => {
    const started = performance.now();
    const response = await fetch(openai(), { method: 'POST', headers: { ...openaiAuth, 'x-emulator-fault': 'stall_ms=300' }, body: JSON.stringify(chat()) });
    assert.ok(performance.now() - started >= 290);
    await response.text();
  });

  test('stall_after_events stalls mid-stream after the headers and first events arrived', async () => {
    const started = performance.now();
    const response = await fetch(openai(), { method: 'POST', headers: { ...openaiAuth, 'x-emulator-fault': 'stall_after_events=2&stall_ms=300' }, body: JSON.stringify(chat()) });
    const reader = response.body!.getReader();
    await reader.read();
    const firstBytes = performance.now() - started;
    while (!(await reader.read()).done);
    assert.ok(firstBytes < 250, `first bytes after ${firstBytes}ms`);
    assert.ok(performance.now() - started >= 290);
  });

  test('token_delay_ms slows every event', async () => {
    const started = performance.now();
    const response = await post(openai(), { ...openaiAuth, 'x-emulator-fault': 'token_delay_ms=30' }, chat());
    const events = splitSse(response.text).length;
    assert.ok(events > 8);
    assert.ok(performance.now() - started >= (events - 1) * 30 - 10);
  });

  test('cut_after_events destroys the socket mid-stream: the client sees a terminated body', async () => {
    const response = await fetch(anthropic(), { method: 'POST', headers: { ...anthropicAuth, 'x-emulator-fault': 'cut_after_events=3' }, body: JSON.stringify(message) });
    assert.equal(response.status, 200);
    let received = '';
    const decoder = new TextDecoder();
    await assert.rejects(async () => {
      for await (const chunk of response.body!) received += decoder.decode(chunk);
    }, /terminated/);
    assert.ok(splitSse(received).length <= 3);
    assert.ok(!received.includes('message_stop'));
  });

  test('cut_after_events on a whole (non-stream) response drops the connection before answering', async () => {
    await assert.rejects(post(openai(), { ...openaiAuth, 'x-emulator-fault': 'cut_after_events=0' }, chat(false)), /fetch failed/);
  });
});

describe('in-band stream errors', () => {
  test('OpenAI: a data: {"error": ...} event and no [DONE]', async () => {
    const response = await post(openai(), { ...openaiAuth, 'x-emulator-fault': 'status=200&error_after_events=2' }, chat());
    const events = splitSse(response.text);
    assert.equal(response.status, 200);
    assert.equal(events.length, 3);
    assert.equal(JSON.parse(events[2].data).error.type, 'server_error');
  });

  test('Anthropic: event: error with overloaded_error', async () => {
    const response = await post(anthropic(), { ...anthropicAuth, 'x-emulator-fault': 'error_after_events=2' }, message);
    const last = splitSse(response.text).at(-1)!;
    assert.equal(last.event, 'error');
    assert.equal(JSON.parse(last.data).error.type, 'overloaded_error');
  });

  test('Gemini: an error object in the SSE stream', async () => {
    const response = await post(`${google('streamGenerateContent')}?alt=sse`, { ...googleAuth, 'x-emulator-fault': 'error_after_events=1' }, contents);
    const events = splitSse(response.text);
    assert.equal(JSON.parse(events.at(-1)!.data).error.status, 'INTERNAL');
  });
});

describe('the control API queues faults for requests that cannot carry a header', () => {
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}/_emulator/${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

  test('a fault for one provider and model is consumed `times` times, in order, by matching requests only', async () => {
    assert.equal((await control('POST', 'faults', { provider: 'openai', model: 'gpt-4o', fault: { status: 503 }, times: 2 })).status, 201);
    assert.equal((await control('POST', 'faults', { provider: 'openai', fault: { status: 429, retry_after: 1 } })).status, 201);
    const other = await post(openai(), openaiAuth, { ...chat(false), model: 'gpt-4.1' });
    assert.equal(other.status, 429, 'the provider-wide fault matches any model');
    assert.equal((await post(anthropic(), anthropicAuth, message)).status, 200, 'other providers are untouched');
    assert.equal((await post(openai(), openaiAuth, chat(false))).status, 503);
    assert.equal((await post(openai(), openaiAuth, chat(false))).status, 503);
    assert.equal((await post(openai(), openaiAuth, chat(false))).status, 200);
  });

  test('DELETE clears queued faults; bad faults are rejected', async () => {
    await control('POST', 'faults', { fault: { status: 500 }, times: 5 });
    await control('DELETE', 'faults');
    assert.equal((await post(openai(), openaiAuth, chat(false))).status, 200);
    assert.equal((await control('POST', 'faults', { fault: { explode: 1 } })).status, 400);
  });
});
