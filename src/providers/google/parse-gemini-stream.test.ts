import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectStream } from '../../core/collect-stream.ts';
import type { StreamEvent } from '../../core/events.ts';
import { GatewayError } from '../../core/errors.ts';
import { googleAdapter, parseGeminiJsonArrayStream } from './index.ts';
import { splitAtRandom, whole } from '../../testing/byte-splits.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { chunksAsSse, readFixtureText } from '../../testing/recorded-fixtures.ts';

async function events(body: AsyncIterable<Uint8Array>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of googleAdapter.parseStream(body)) out.push(event);
  return out;
}

/** Every thoughtSignature in a fixture, in order, as the wire carried them. */
function signaturesIn(text: string): string[] {
  return [...text.matchAll(/"thoughtSignature":\s*"([^"]+)"/g)].map((m) => m[1]);
}

/** Events with generated tool-call ids blanked, for comparing two parses of the same bytes. */
/** Generated values (tool call ids; `created` when a chunk has no createTime) set aside for comparisons. */
function stable(list: StreamEvent[]): StreamEvent[] {
  return list.map((e) => (e.type === 'tool_call_start' ? { ...e, id: '' } : e.type === 'start' ? { ...e, created: 0 } : e));
}

test('stream-text.chunks.txt: text deltas, the trailing empty-text signature, cumulative usage taken once', async () => {
  const list = await events(whole(chunksAsSse('gemini/stream-text.chunks.txt', 'gemini')));
  assert.deepEqual(list[0], { type: 'start', id: 'bH6LaZW8Fp_3nsEPqtaSwQ4', model: 'gemini-3-pro-preview', created: list[0].type === 'start' ? list[0].created : 0 });
  assert.equal(list.filter((e) => e.type === 'usage').length, 1);
  const response = await collectStream(googleAdapter.parseStream(whole(chunksAsSse('gemini/stream-text.chunks.txt', 'gemini'))));
  assert.deepEqual(response.content, [
    { type: 'text', text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y' },
    { type: 'reasoning', text: '', signature: signaturesIn(readFixtureText('gemini/stream-text.chunks.txt'))[0] },
  ]);
  assert.equal(response.finishReason, 'stop');
  assert.deepEqual(response.usage, { inputTokens: 9, outputTokens: 23 + 185, reasoningTokens: 185 });
});

test('stream-thoughts.chunks.txt: hidden thinking still counts as output and reasoning tokens', async () => {
  const response = await collectStream(googleAdapter.parseStream(whole(chunksAsSse('gemini/stream-thoughts.chunks.txt', 'gemini'))));
  assert.equal(response.content[0].type === 'text' && response.content[0].text, 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.');
  assert.deepEqual(response.usage, { inputTokens: 9, outputTokens: 29 + 256, reasoningTokens: 256 });
  assert.equal(response.finishReason, 'stop');
});

test('stream-function-call-thought-signature.chunks.txt: STOP with a function call is tool_calls; the signature rides on the call', async () => {
  const list = await events(whole(chunksAsSse('gemini/stream-function-call-thought-signature.chunks.txt', 'gemini')));
  const start = list.find((e) => e.type === 'tool_call_start');
  assert.ok(start?.type === 'tool_call_start');
  assert.equal(start.name, 'weather');
  assert.match(start.id, /^call_/);
  assert.equal(start.signature, signaturesIn(readFixtureText('gemini/stream-function-call-thought-signature.chunks.txt'))[0]);
  assert.deepEqual(list.filter((e) => e.type === 'tool_call_delta'), [{ type: 'tool_call_delta', index: 0, arguments: '{"location":"San Francisco"}' }]);
  assert.deepEqual(list.at(-1), { type: 'finish', reason: 'tool_calls' });
  assert.deepEqual(list.at(-2), { type: 'usage', usage: { inputTokens: 29, outputTokens: 60, reasoningTokens: 45 } });
});

test('stream-function-call-partial-args.chunks.txt: calls streamed as partialArgs are reassembled, one per name piece', async () => {
  const response = await collectStream(googleAdapter.parseStream(whole(chunksAsSse('gemini/stream-function-call-partial-args.chunks.txt', 'gemini'))));
  const calls = response.content.filter((p) => p.type === 'tool_call');
  assert.deepEqual(
    calls.map((c) => [c.name, JSON.parse(c.arguments)]),
    [
      ['getWeather', { location: 'Boston' }],
      ['getWeather', { location: 'San Francisco' }],
    ],
  );
  assert.equal(calls[0].signature, signaturesIn(readFixtureText('gemini/stream-function-call-partial-args.chunks.txt'))[0]);
  assert.equal(calls[1].signature, undefined);
  assert.notEqual(calls[0].id, calls[1].id);
  assert.equal(response.finishReason, 'tool_calls');
  // Early chunks carry only {trafficType}: they must not wipe the counts.
  assert.deepEqual(response.usage, { inputTokens: 26, outputTokens: 23 + 132, reasoningTokens: 132 });
});

test('sse-stream-thoughts.har: exact CRLF-framed bytes give thoughts then text, split anywhere or not', async () => {
  const [exchange] = readHarExchanges('gemini/sse-stream-thoughts.har');
  // The recording has no createTime, so `created` is the parse time: compare everything else.
  const once = stable(await events(whole(exchange.responseBody)));
  for (const seed of [1, 7, 42, 1234]) assert.deepEqual(stable(await events(splitAtRandom(exchange.responseBody, seed))), once);
  const response = await collectStream(googleAdapter.parseStream(whole(exchange.responseBody)));
  assert.equal(response.content.length, 2);
  const [thinking, answer] = response.content;
  assert.ok(thinking.type === 'reasoning' && thinking.text.startsWith("**Initiating Calculations**\n\nI've grasped the user's intent"));
  assert.equal(thinking.type === 'reasoning' && thinking.text.length, 1052);
  assert.ok(answer.type === 'text' && answer.text.startsWith("Okay, let's think this through step by step:\n\n1.  **Identify the first number:**"));
  assert.ok(answer.type === 'text' && answer.text.endsWith('Therefore, 2 + 2 equals **4**.'));
  assert.deepEqual(response.usage, { inputTokens: 14, outputTokens: 139 + 436, reasoningTokens: 436 });
  assert.equal(response.finishReason, 'stop');
});

test('sse-stream-function-calls-then-responses.har: each turn of the tool loop parses, split at random boundaries', async () => {
  const expected = [
    { calls: [['secret_retrieval_tool', '{"password":"mellon"}']], text: '', reason: 'tool_calls', usage: { inputTokens: 85, outputTokens: 60, reasoningTokens: 40 } },
    { calls: [['secret_retrieval_tool', '{"password":"radiance"}']], text: '', reason: 'tool_calls', usage: { inputTokens: 168, outputTokens: 54, reasoningTokens: 34 } },
    { calls: [], text: 'The secret for "mellon" is "Welcome to Moria!".\nThe secret for "radiance" is "Life before Death".', reason: 'stop', usage: { inputTokens: 243, outputTokens: 50, reasoningTokens: 22 } },
  ];
  const exchanges = readHarExchanges('gemini/sse-stream-function-calls-then-responses.har');
  assert.equal(exchanges.length, 3);
  for (const [i, exchange] of exchanges.entries()) {
    assert.equal(exchange.responseHeaders['content-type'], 'text/event-stream');
    assert.deepEqual(stable(await events(splitAtRandom(exchange.responseBody, i + 3))), stable(await events(whole(exchange.responseBody))));
    const response = await collectStream(googleAdapter.parseStream(splitAtRandom(exchange.responseBody, i)));
    const calls = response.content.filter((p) => p.type === 'tool_call');
    assert.deepEqual(calls.map((c) => [c.name, c.arguments]), expected[i].calls);
    assert.deepEqual(calls.map((c) => c.signature), signaturesIn(exchange.responseBody).slice(0, calls.length));
    assert.equal(response.content.filter((p) => p.type === 'text').map((p) => p.text).join(''), expected[i].text);
    assert.equal(response.finishReason, expected[i].reason);
    assert.deepEqual(response.usage, expected[i].usage);
  }
});

test('structured-output-response-schema.stream.json: the JSON-array stream (no alt=sse) parses the same way', async () => {
  const text = readFixtureText('gemini/structured-output-response-schema.stream.json');
  const response = await collectStream(parseGeminiJsonArrayStream(splitAtRandom(text, 5)));
  const answer = response.content.filter((p) => p.type === 'text').map((p) => p.text).join('');
  assert.deepEqual(JSON.parse(answer), {
    name: 'Zephyr The Rocket Barkington',
    age: 4,
    bio: 'A skateboarding Border Collie who wears aviator sunglasses, surfs neon waves, and can fetch a frisbee from 200 yards away in mid-air.',
  });
  assert.ok(response.content[0].type === 'reasoning' && response.content[0].text.startsWith('**Defining the Core Dog**'));
  assert.deepEqual(response.usage, { inputTokens: 5, outputTokens: 50 + 453, reasoningTokens: 453 });
  assert.equal(response.model, 'gemini-3.6-flash');
});

test('function-call-thought-signature.stream.json: a JSON-array tool call keeps its signature', async () => {
  const text = readFixtureText('gemini/function-call-thought-signature.stream.json');
  const response = await collectStream(parseGeminiJsonArrayStream(whole(text)));
  const [call] = response.content;
  assert.ok(call.type === 'tool_call');
  assert.equal(call.name, 'multiply');
  assert.deepEqual(JSON.parse(call.arguments), { y: 3, x: 5 });
  assert.equal(call.signature, signaturesIn(text)[0]);
  assert.equal(response.finishReason, 'tool_calls');
});

test('error-404-model-not-found-sse.har: a JSON error under text/event-stream becomes an error event', async () => {
  const [exchange] = readHarExchanges('gemini/error-404-model-not-found-sse.har');
  const list = await events(splitAtRandom(exchange.responseBody, 9));
  assert.equal(list.length, 1);
  const [event] = list;
  assert.ok(event.type === 'error' && event.error instanceof GatewayError);
  assert.equal(event.error.status, 404);
  assert.equal(event.error.code, 'model_not_found');
  assert.equal(event.error.upstreamType, 'NOT_FOUND');
  assert.match(event.error.message, /^models\/invalid-model-that-does-not-exist-12345 is not found/);
});

test('an error object inside the event stream ends it with an error event', async () => {
  const body = 'data: {"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"}}],"responseId":"r1","modelVersion":"gemini-2.5-flash"}\r\n\r\n' +
    'data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}\r\n\r\n';
  const list = await events(whole(body));
  assert.deepEqual(list.slice(1, 2), [{ type: 'text_delta', text: 'Hel' }]);
  const last = list.at(-1);
  assert.ok(last?.type === 'error');
  assert.equal(last.error.status, 503);
  assert.equal(last.error.code, 'overloaded');
  assert.equal(list.length, 3);
});

test('a stream cut before any finishReason ends in an error, not a silent stop', async () => {
  const [line] = readFixtureText('gemini/stream-text.chunks.txt').split('\n');
  const list = await events(whole(`data: ${line}\r\n\r\n`));
  const last = list.at(-1);
  assert.ok(last?.type === 'error');
  assert.equal(last.error.code, 'upstream_error');
});

test('a prompt blocked before generation (promptFeedback.blockReason, no candidates) finishes as content_filter', async () => {
  const body = 'data: {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":7,"totalTokenCount":7},"modelVersion":"gemini-2.5-flash","responseId":"blk"}\r\n\r\n';
  const response = await collectStream(googleAdapter.parseStream(whole(body)));
  assert.equal(response.finishReason, 'content_filter');
  assert.deepEqual(response.content, []);
  assert.deepEqual(response.usage, { inputTokens: 7, outputTokens: 0 });
});

test('over a real socket: recorded SSE bytes served in small writes parse like the recording', async (t) => {
  const [exchange] = readHarExchanges('gemini/sse-stream-thoughts.har');
  const server = createServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for await (const piece of splitAtRandom(exchange.responseBody, 11)) res.write(piece);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { method: 'POST', body: '{}' });
  assert.ok(response.body);
  const overSocket = await events(response.body);
  assert.deepEqual(overSocket, await events(whole(exchange.responseBody)));
});
