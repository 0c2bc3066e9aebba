import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index.ts';
import { readHarExchanges } from '../testing/har.ts';
import { readFixtureChunks, readFixtureJson, readFixtureText } from '../testing/recorded-fixtures.ts';
import { splitSse } from '../testing/sse-events.ts';
import { keysMissingFrom, shapeOf, shapeOfAll, type Shape } from './shape-of.ts';
import { anthropicAuth, googleAuth, openaiAuth, post } from './test-client.ts';

// Fidelity: the emulator's output has the structure of recorded real traffic. Shapes, not text, are compared.

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(() => emulator.close());

/** Same keys both ways, listing the differences when not. */
function assertSameShape(actual: Shape, recorded: Shape, label: string): void {
  assert.deepEqual({ extra: keysMissingFrom(recorded, actual), missing: keysMissingFrom(actual, recorded) }, { extra: [], missing: [] }, label);
}

/** Consecutive repeats collapsed: the grammar of an event sequence (`delta+` becomes one `delta`). */
function collapseRuns(items: string[]): string[] {
  return items.filter((item, i) => item !== items[i - 1]);
}

const weatherTool = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('OpenAI Chat Completions fidelity', () => {
  const path = () => `${emulator.url}/openai/v1/chat/completions`;

  test('a whole completion has the recorded shape', async () => {
    const response = await post(path(), openaiAuth, { model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(response.status, 200);
    assertSameShape(shapeOf(JSON.parse(response.text)), shapeOf(readFixtureJson('openai-chat/text.json')), 'chat.completion');
  });

  const kind = (chunk: any): string =>
    chunk.choices.length === 0 ? 'usage'
    : chunk.choices[0].finish_reason ? 'finish'
    : chunk.choices[0].delta.role ? 'role'
    : chunk.choices[0].delta.tool_calls ? 'tool_calls'
    : 'content';

  test('a text stream with include_usage has the recorded chunk grammar and shapes', async () => {
    const response = await post(path(), openaiAuth, { model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Hello there' }], stream: true, stream_options: { include_usage: true } });
    const events = splitSse(response.text);
    assert.equal(events.at(-1)?.data, '[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    const recorded = readFixtureChunks('openai-chat/stream-text.chunks.txt');
    assert.deepEqual(collapseRuns(chunks.map(kind)), collapseRuns(recorded.map(kind)));
    assert.deepEqual(collapseRuns(chunks.map(kind)), ['role', 'content', 'finish', 'usage']);
    assertSameShape(shapeOfAll(chunks), shapeOfAll(recorded), 'chat.completion.chunk');
    // The recording's raw bytes end with the same terminator.
    assert.match(readHarExchanges('openai-chat/stream-usage-include-usage.har')[0].responseBody, /data: \[DONE\]\n\n$/);
  });

  test('a parallel tool-call stream has the recorded grammar and shapes', async () => {
    const [exchange] = readHarExchanges('openai-chat/stream-parallel-tool-calls-then-results.har');
    const response = await post(path(), openaiAuth, { ...JSON.parse(exchange.requestBody), messages: [{ role: 'user', content: 'Use secret_retrieval_tool for mellon and again secret_retrieval_tool' }] });
    const chunks = splitSse(response.text).slice(0, -1).map((event) => JSON.parse(event.data));
    const recorded = splitSse(exchange.responseBody).slice(0, -1).map((event) => JSON.parse(event.data));
    assert.deepEqual(collapseRuns(chunks.map(kind)), collapseRuns(recorded.map(kind)));
    assertSameShape(shapeOfAll(chunks), shapeOfAll(recorded), 'tool-call chunks');
  });

  test('responses carry the real API header names', async () => {
    const response = await post(path(), openaiAuth, { model: 'gpt-5-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const recorded = Object.keys(readHarExchanges('openai-chat/stream-text-ratelimit-headers.har')[0].responseHeaders);
    const wanted = recorded.filter((name) => /^(x-ratelimit-|x-request-id$|openai-processing-ms$|openai-version$|content-type$)/.test(name));
    assert.ok(wanted.length >= 8);
    for (const name of wanted) assert.ok(response.headers.has(name), `missing header ${name}`);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  });

  test('errors have the recorded error shape', async () => {
    const response = await post(path(), { authorization: 'Bearer invalid-key' }, { model: 'gpt-4o', messages: [] });
    assert.equal(response.status, 401);
    const body = JSON.parse(response.text);
    assertSameShape(shapeOf(body), shapeOf(readFixtureJson('openai-chat/error-400-unsupported-parameter-max-tokens.json')), 'error');
    assert.equal(body.error.code, 'invalid_api_key');
  });
});

describe('Anthropic Messages fidelity', () => {
  const path = () => `${emulator.url}/anthropic/v1/messages`;
  const events = (text: string) => splitSse(text).map((event) => ({ event: event.event ?? '', data: event.data, json: JSON.parse(event.data) }));

  /** Compares the event grammar and, per event type, the merged shape of its payloads. */
  function assertSameStream(actual: ReturnType<typeof events>, recorded: ReturnType<typeof events>): void {
    assert.deepEqual(collapseRuns(actual.map((e) => e.event)), collapseRuns(recorded.map((e) => e.event)));
    for (const name of new Set(recorded.map((e) => e.event))) {
      const pick = (list: ReturnType<typeof events>) => shapeOfAll(list.filter((e) => e.event === name).map((e) => e.json));
      assertSameShape(pick(actual), pick(recorded), name);
    }
  }

  test('a whole message has the recorded shape', async () => {
    const response = await post(path(), anthropicAuth, { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(response.status, 200);
    assertSameShape(shapeOf(JSON.parse(response.text)), shapeOf(readFixtureJson('anthropic/text.json')), 'message');
  });

  test('a whole thinking message has the recorded content blocks', async () => {
    const response = await post(path(), anthropicAuth, { model: 'claude-sonnet-4-5', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'What is 925/5?' }] });
    assertSameShape(shapeOf(JSON.parse(response.text).content), shapeOf(readFixtureJson<{ content: unknown }>('anthropic/thinking.json').content), 'content');
  });

  test('a text stream matches the recorded events, ping and padding quirk included', async () => {
    const response = await post(path(), anthropicAuth, { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const actual = events(response.text);
    assertSameStream(actual, events(readFixtureText('anthropic/stream-text.sse.txt')));
    assert.equal(actual.find((e) => e.event === 'ping')?.data, '{"type": "ping"}');
    assert.ok(actual.some((e) => / +\}$/.test(e.data)), 'some data JSON is padded with spaces before its last brace');
  });

  test('a thinking stream matches the recorded events', async () => {
    const response = await post(path(), anthropicAuth, { model: 'claude-haiku-4-5', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Two names for a pelican' }], stream: true });
    assertSameStream(events(response.text), events(readFixtureText('anthropic/stream-thinking.sse.txt')));
  });

  test('a tool-use stream matches the recorded events', async () => {
    const tools = [{ name: 'pelican_name_generator', description: 'names', input_schema: { type: 'object', properties: {} } }];
    const response = await post(path(), anthropicAuth, { model: 'claude-haiku-4-5', max_tokens: 100, tools, messages: [{ role: 'user', content: 'Name a pelican' }], stream: true });
    assertSameStream(events(response.text), events(readFixtureText('anthropic/stream-tool-use.sse.txt')));
  });

  test('responses carry request-id and the anthropic-ratelimit-* headers', async () => {
    const response = await post(path(), anthropicAuth, { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const recorded = Object.keys(readHarExchanges('anthropic/stream-tool-use-then-result.har')[0].responseHeaders).filter((name) => /^(anthropic-ratelimit-|request-id$|content-type$)/.test(name));
    assert.ok(recorded.length >= 13);
    for (const name of recorded) assert.ok(response.headers.has(name), `missing header ${name}`);
  });

  test('an unknown model answers with the recorded 404 shape', async () => {
    const [recorded] = readHarExchanges('anthropic/error-404-model-not-found-stream.har');
    const response = await post(path(), anthropicAuth, { model: 'missing-model', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    assert.equal(response.status, recorded.status);
    assertSameShape(shapeOf(JSON.parse(response.text)), shapeOf(JSON.parse(recorded.responseBody)), 'error');
    assert.equal(JSON.parse(response.text).error.type, 'not_found_error');
  });
});

describe('Gemini fidelity', () => {
  const path = (model: string, method: string) => `${emulator.url}/google/v1beta/models/${model}:${method}`;
  const contents = [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }];

  test('a whole response with thinking has the recorded shape', async () => {
    const response = await post(path('gemini-3-pro-preview', 'generateContent'), googleAuth, { contents });
    const recorded = shapeOf(readFixtureJson('gemini/text.json'));
    // Without includeThoughts there is no thought signature and no thoughtsTokenCount; with it, a thought part appears.
    assert.deepEqual(keysMissingFrom(recorded, shapeOf(JSON.parse(response.text))), []);
    const thinking = await post(path('gemini-3-pro-preview', 'generateContent'), googleAuth, { contents, generationConfig: { thinkingConfig: { includeThoughts: true } } });
    const shape = shapeOf(JSON.parse(thinking.text));
    assert.deepEqual(keysMissingFrom(shape, recorded), []);
    assert.deepEqual(keysMissingFrom(recorded, shape), ['candidates[].content.parts[].thought']);
  });

  test('an SSE stream of thoughts then text matches the recording (CRLF framing)', async () => {
    const [recorded] = readHarExchanges('gemini/sse-stream-thoughts.har');
    const response = await post(`${path('gemini-2.5-flash', 'streamGenerateContent')}?alt=sse`, googleAuth, JSON.parse(recorded.requestBody));
    assert.equal(response.headers.get('content-type'), recorded.responseHeaders['content-type']);
    assert.ok(response.text.includes('\r\n\r\n') && !response.text.replace(/\r\n\r\n/g, '').includes('\n\n'));
    const actual = splitSse(response.text).map((e) => JSON.parse(e.data));
    const expected = splitSse(recorded.responseBody).map((e) => JSON.parse(e.data));
    // Gemini 2.5 sends no signature on streamed text; the emulator always signs (as Gemini 3 does, fixtures/gemini/text.json).
    assert.deepEqual(keysMissingFrom(shapeOfAll(actual), shapeOfAll(expected)), []);
    assert.deepEqual(keysMissingFrom(shapeOfAll(expected), shapeOfAll(actual)), ['candidates[].content.parts[].thoughtSignature']);
    assert.ok(actual.at(-1).candidates[0].finishReason && !actual[0].candidates[0].finishReason);
  });

  test('a function-call SSE stream matches the recording', async () => {
    const [recorded] = readHarExchanges('gemini/sse-stream-function-calls-then-responses.har');
    const response = await post(`${path('gemini-2.5-flash', 'streamGenerateContent')}?alt=sse`, googleAuth, { ...JSON.parse(recorded.requestBody), generationConfig: { thinkingConfig: { includeThoughts: false } } });
    const actual = splitSse(response.text).map((e) => JSON.parse(e.data));
    const expected = splitSse(recorded.responseBody).map((e) => JSON.parse(e.data));
    const extra = keysMissingFrom(shapeOfAll(expected), shapeOfAll(actual));
    assert.deepEqual(extra, []);
    assert.equal(actual[0].candidates[0].content.parts[0].functionCall.name, 'secret_retrieval_tool');
  });

  test('without alt=sse the stream is a JSON array framed like the recording', async () => {
    const recordedText = readFixtureText('gemini/structured-output-response-schema.stream.json');
    const response = await post(path('gemini-2.5-flash', 'streamGenerateContent'), googleAuth, { contents });
    assert.ok(response.text.startsWith('[{\n') && recordedText.startsWith('[{\n'));
    assert.ok(response.text.includes('}\n,\r\n{') && recordedText.includes('}\n,\r\n{'));
    assert.ok(response.text.endsWith('}\n]') && recordedText.endsWith('}\n]'));
    const recorded = JSON.parse(recordedText);
    assert.deepEqual(keysMissingFrom(shapeOfAll(recorded), shapeOfAll(JSON.parse(response.text))), []);
  });

  test('errors have the recorded shapes: 404 model, 429 with RetryInfo', async () => {
    const [notFound] = readHarExchanges('gemini/error-404-model-not-found-sse.har');
    const response = await post(`${path('missing-model', 'streamGenerateContent')}?alt=sse`, googleAuth, { contents });
    assert.equal(response.status, 404);
    assertSameShape(shapeOf(JSON.parse(response.text)), shapeOf(JSON.parse(notFound.responseBody)), '404');
    const limited = await post(path('gemini-2.5-flash', 'generateContent'), { ...googleAuth, 'x-emulator-fault': 'status=429&retry_after=34' }, { contents });
    assert.equal(limited.status, 429);
    assertSameShape(shapeOf(JSON.parse(limited.text)), shapeOf(readFixtureJson('gemini/error-429-resource-exhausted-retryinfo.json')), '429');
  });
});
