import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectStream } from '../../core/collect-stream.ts';
import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { decodeSse } from '../../streams/sse-decode.ts';
import { parseAnthropicStream } from '../../providers/anthropic/parse-anthropic-stream.ts';
import { chunksAsSse, readFixtureText } from '../../testing/recorded-fixtures.ts';
import { renderResponse } from './render-response.ts';
import { renderStream } from './render-stream.ts';

type Json = Record<string, any>;

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** SSE text as `[event name, parsed data]` pairs, checking each frame's event name matches its payload's type. */
async function readSse(text: string): Promise<Json[]> {
  const messages = await collect(decodeSse(from([text])));
  return messages.map((message) => {
    const data = JSON.parse(message.data) as Json;
    assert.equal(message.event, data.type, 'event name is the payload type');
    return data;
  });
}

async function render(events: StreamEvent[], requestedModel = 'claude-haiku-4-5'): Promise<{ text: string; events: Json[] }> {
  const text = (await collect(renderStream(from(events), { requestedModel }))).join('');
  return { text, events: await readSse(text) };
}

/** Folds Anthropic stream events into the message they describe, the way the SDK's MessageStream does. */
function foldMessage(events: Json[]): Json {
  const [start, ...rest] = events;
  assert.equal(start.type, 'message_start');
  const message = structuredClone(start.message);
  const json = new Map<number, string>();
  for (const event of rest) {
    if (event.type === 'content_block_start') message.content[event.index] = structuredClone(event.content_block);
    if (event.type === 'content_block_delta') {
      const block = message.content[event.index];
      const { delta } = event;
      if (delta.type === 'text_delta') block.text += delta.text;
      if (delta.type === 'thinking_delta') block.thinking += delta.thinking;
      if (delta.type === 'signature_delta') block.signature = delta.signature;
      if (delta.type === 'input_json_delta') json.set(event.index, (json.get(event.index) ?? '') + delta.partial_json);
    }
    if (event.type === 'message_delta') Object.assign(message, event.delta, { usage: { ...message.usage, ...event.usage } });
  }
  for (const [index, text] of json) message.content[index].input = text.trim() === '' ? {} : JSON.parse(text);
  return message;
}

// Deltas that add nothing: Anthropic's empty text/thinking deltas, and the empty or `{}`
// input of an argument-less call (the Anthropic parser reads "" as "{}").
const isEmptyDelta = (event: Json): boolean =>
  event.type === 'content_block_delta' && (event.delta.text === '' || event.delta.thinking === '' || ['', '{}'].includes(event.delta.partial_json));

/** A recorded Anthropic stream as the gateway re-renders it: pings, empty deltas and fields it does not model left out. */
function expectedFromRecording(events: Json[]): Json[] {
  return events
    .filter((event) => event.type !== 'ping' && !isEmptyDelta(event))
    .map((event) => {
      const copy = structuredClone(event);
      const usage = copy.message?.usage ?? copy.usage;
      if (usage) for (const key of ['cache_creation', 'service_tier', 'inference_geo']) delete usage[key];
      delete copy.message?.stop_details;
      delete copy.context_management;
      delete copy.delta?.stop_details;
      delete copy.content_block?.caller;
      return copy;
    });
}

const recordings: Array<[string, () => string]> = [
  ['stream-text.sse.txt', () => readFixtureText('anthropic/stream-text.sse.txt')],
  ['stream-thinking.sse.txt', () => readFixtureText('anthropic/stream-thinking.sse.txt')],
  ['stream-tool-use.sse.txt', () => readFixtureText('anthropic/stream-tool-use.sse.txt')],
  ['stream-text.chunks.txt', () => chunksAsSse('anthropic/stream-text.chunks.txt', 'anthropic')],
  ['stream-thinking.chunks.txt', () => chunksAsSse('anthropic/stream-thinking.chunks.txt', 'anthropic')],
  ['stream-tool-use-json.chunks.txt', () => chunksAsSse('anthropic/stream-tool-use-json.chunks.txt', 'anthropic')],
  ['stream-tool-use-no-args.chunks.txt', () => chunksAsSse('anthropic/stream-tool-use-no-args.chunks.txt', 'anthropic')],
];

describe('renderStream against recorded Anthropic streams', () => {
  for (const [name, read] of recordings) {
    it(`re-renders ${name}, parsed to canonical events, as Anthropic sent it`, async () => {
      const wire = read();
      const recorded = await readSse(wire);
      const canonical = await collect(parseAnthropicStream(from([new TextEncoder().encode(wire)])));
      const ours = await render(canonical, recorded[0].message.model);
      assert.deepEqual(ours.events.filter((event) => !isEmptyDelta(event)), expectedFromRecording(recorded));
      assert.deepEqual(foldMessage(ours.events).content, foldMessage(expectedFromRecording(recorded)).content);
    });
  }

  it('writes each frame as `event: <type>` and one `data:` line, ending in a blank line', async () => {
    const { text } = await render([
      { type: 'start', id: 'msg_01T8kTq7cYyYJeQ5DxcVUc6D', model: 'claude-haiku-4-5-20251001', created: 0 },
      { type: 'text_delta', text: 'Hello' },
      { type: 'finish', reason: 'stop' },
    ]);
    const frames = text.split('\n\n').filter(Boolean);
    assert.deepEqual(frames.map((frame) => frame.split('\n')[0]), [
      'event: message_start',
      'event: content_block_start',
      'event: content_block_delta',
      'event: content_block_stop',
      'event: message_delta',
      'event: message_stop',
    ]);
    for (const frame of frames) assert.match(frame, /^event: \w+\ndata: \{.*\}$/);
  });
});

describe('renderStream from other upstreams', () => {
  // An OpenAI-shaped upstream: an empty first text chunk, reasoning without a signature,
  // parallel tool calls whose deltas interleave, and usage only at the end.
  const openAiLike: StreamEvent[] = [
    { type: 'start', id: 'chatcmpl-abc', model: 'gpt-5-mini', created: 1 },
    { type: 'text_delta', text: '' },
    { type: 'reasoning_delta', text: 'Two cities, ' },
    { type: 'reasoning_delta', text: 'two calls.' },
    { type: 'text_delta', text: 'Checking both.' },
    { type: 'tool_call_start', index: 0, id: 'call_paris', name: 'get_weather' },
    { type: 'tool_call_delta', index: 0, arguments: '{"city":' },
    { type: 'tool_call_start', index: 1, id: 'call_rome', name: 'get_weather' },
    { type: 'tool_call_delta', index: 1, arguments: '{"city":"Rome"}' },
    { type: 'tool_call_delta', index: 0, arguments: '"Paris"}' },
    { type: 'usage', usage: { inputTokens: 120, outputTokens: 40, cacheReadTokens: 100, reasoningTokens: 12 } },
    { type: 'finish', reason: 'tool_calls' },
  ];

  it('folds back into the same message as the non-streamed rendering of the collected response', async () => {
    const { events } = await render(openAiLike);
    const whole = renderResponse(await collectStream(from(openAiLike)), { requestedModel: 'claude-haiku-4-5' });
    const folded = foldMessage(events);
    assert.match(folded.id, /^msg_/);
    assert.deepEqual({ ...folded, id: whole.id }, whole);
    assert.deepEqual(whole.content, [
      { type: 'thinking', thinking: 'Two cities, two calls.', signature: '' },
      { type: 'text', text: 'Checking both.' },
      { type: 'tool_use', id: 'call_paris', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_rome', name: 'get_weather', input: { city: 'Rome' } },
    ]);
  });

  it('starts the message at the first content, with usage known by then, and gives the final usage in message_delta', async () => {
    const { events } = await render(openAiLike);
    assert.deepEqual(events[0].message.usage, { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 });
    const delta = events.find((event) => event.type === 'message_delta')!;
    assert.deepEqual(delta, {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      // Anthropic's input_tokens leaves out the cached part.
      usage: { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: 40 },
    });
  });

  it('keeps the content block grammar: one start and one stop per block, deltas inside, indexes in order', async () => {
    const { events } = await render(openAiLike);
    assert.deepEqual(
      events.map((event) => [event.type, event.index ?? '']),
      [
        ['message_start', ''],
        ['content_block_start', 0],
        ['content_block_delta', 0],
        ['content_block_delta', 0],
        ['content_block_stop', 0],
        ['content_block_start', 1],
        ['content_block_delta', 1],
        ['content_block_stop', 1],
        ['content_block_start', 2],
        ['content_block_delta', 2],
        ['content_block_stop', 2],
        ['content_block_start', 3],
        ['content_block_delta', 3],
        // The late delta of the first call names its own (closed) block, which clients append to.
        ['content_block_delta', 2],
        ['content_block_stop', 3],
        ['message_delta', ''],
        ['message_stop', ''],
      ],
    );
  });

  it('sends redacted thinking whole in its block start, and a signature-only reasoning as a thinking block', async () => {
    const { events } = await render([
      { type: 'start', id: 'msg_1', model: 'gemini-2.5-flash', created: 0 },
      { type: 'reasoning_redacted', data: 'EmwKAhgB' },
      { type: 'reasoning_signature', signature: 'CiQB0e2Kb' },
      { type: 'text_delta', text: 'Hi' },
      { type: 'finish', reason: 'stop_sequence', stopSequence: 'END' },
    ]);
    const message = foldMessage(events);
    assert.deepEqual(message.content, [
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
      { type: 'thinking', thinking: '', signature: 'CiQB0e2Kb' },
      { type: 'text', text: 'Hi' },
    ]);
    assert.equal(message.stop_reason, 'stop_sequence');
    assert.equal(message.stop_sequence, 'END');
    assert.equal(message.id, 'msg_1');
  });
});

describe('renderStream errors', () => {
  it('ends with an Anthropic error event when the upstream fails mid-stream', async () => {
    const { events } = await render([
      { type: 'start', id: 'msg_1', model: 'm', created: 0 },
      { type: 'text_delta', text: 'Par' },
      { type: 'error', error: new GatewayError({ status: 529, code: 'overloaded', message: 'Overloaded' }) },
      { type: 'text_delta', text: 'is' },
    ]);
    assert.deepEqual(events.slice(-1), [{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]);
    assert.equal(events.filter((event) => event.type === 'text_delta').length, 0);
  });

  it('reports a thrown failure and a stream that stops without finishing as error events, hiding internals', async () => {
    async function* throwing(): AsyncGenerator<StreamEvent> {
      yield { type: 'start', id: 'msg_1', model: 'm', created: 0 };
      throw new Error('socket hang up at 10.0.0.3');
    }
    const thrown = await readSse((await collect(renderStream(throwing(), { requestedModel: 'm' }))).join(''));
    assert.deepEqual(thrown, [{ type: 'error', error: { type: 'api_error', message: 'Internal gateway error.' } }]);

    const { events } = await render([{ type: 'start', id: 'msg_1', model: 'm', created: 0 }, { type: 'text_delta', text: 'Hi' }]);
    assert.deepEqual(events.at(-1), { type: 'error', error: { type: 'api_error', message: 'The upstream stream ended before the response was complete.' } });
  });
});
