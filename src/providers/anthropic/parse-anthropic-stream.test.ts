import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectStream } from '../../core/collect-stream.ts';
import type { StreamEvent } from '../../core/events.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import { GatewayError } from '../../core/errors.ts';
import { parseAnthropicStream } from './parse-anthropic-stream.ts';
import { randomCuts, seededRandom, splitBytes } from '../../testing/byte-splits.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { chunksAsSse, readFixtureBytes, readFixtureText } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const encoder = new TextEncoder();
const once = (sse: string) => splitBytes(encoder.encode(sse), []);
const parse = (sse: string) => collectStream(parseAnthropicStream(once(sse)));
async function events(sse: string): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of parseAnthropicStream(once(sse))) out.push(event);
  return out;
}

type Expected = Pick<CanonicalResponse, 'id' | 'model' | 'content' | 'finishReason' | 'usage'>;

/**
 * What a recorded stream says, read straight from its `data:` lines without our decoder: the
 * blocks in order, deltas concatenated, tool inputs parsed, and the usage in canonical terms.
 */
function expectedFromRecording(sse: string): Expected {
  const raw = sse
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)));
  const start = raw.find((event) => event.type === 'message_start').message;
  const blocks = new Map<number, { type: string; id?: string; name?: string; text: string; signature?: string }>();
  for (const event of raw) {
    if (event.type === 'content_block_start') {
      const block = event.content_block;
      blocks.set(event.index, { type: block.type, id: block.id, name: block.name, text: block.text ?? block.thinking ?? '' });
    } else if (event.type === 'content_block_delta') {
      const block = blocks.get(event.index)!;
      const delta = event.delta;
      if (delta.type === 'signature_delta') block.signature = delta.signature;
      else block.text += delta.text ?? delta.thinking ?? delta.partial_json ?? '';
    }
  }
  const content: Expected['content'] = [];
  for (const block of blocks.values()) {
    if (block.type === 'text') content.push({ type: 'text', text: block.text });
    if (block.type === 'thinking') content.push({ type: 'reasoning', text: block.text, signature: block.signature! });
    if (block.type === 'tool_use') content.push({ type: 'tool_call', id: block.id!, name: block.name!, arguments: block.text || '{}' });
  }
  const delta = raw.find((event) => event.type === 'message_delta');
  const usage = { ...start.usage, ...delta.usage };
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    id: start.id,
    model: start.model,
    content,
    finishReason: ({ end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length' } as Record<string, Expected['finishReason']>)[delta.delta.stop_reason],
    usage: {
      inputTokens: usage.input_tokens + cacheRead + cacheWrite,
      outputTokens: usage.output_tokens,
      cacheReadTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      ...(usage.output_tokens_details ? { reasoningTokens: usage.output_tokens_details.thinking_tokens } : {}),
    },
  };
}

function assertMatchesRecording(actual: CanonicalResponse, sse: string): void {
  const expected = expectedFromRecording(sse);
  const { created, stopSequence, ...rest } = actual;
  assert.equal(typeof created, 'number');
  assert.equal(stopSequence, undefined);
  assert.deepEqual(rest, expected);
  // Tool arguments are valid JSON equal to what the model produced.
  for (const part of actual.content) if (part.type === 'tool_call') assert.doesNotThrow(() => JSON.parse(part.arguments));
}

const recordedStreams: Array<[string, string]> = [
  ...['stream-server-tool-prompt-cache', 'stream-structured-output-format', 'stream-text', 'stream-thinking', 'stream-tool-use-json', 'stream-tool-use-no-args'].map(
    (name): [string, string] => [`${name}.chunks.txt`, chunksAsSse(`anthropic/${name}.chunks.txt`, 'anthropic')],
  ),
  ...['stream-text', 'stream-thinking', 'stream-tool-use'].map((name): [string, string] => [`${name}.sse.txt`, readFixtureText(`anthropic/${name}.sse.txt`)]),
  ...['stream-thinking-signature', 'stream-tool-use-then-result'].flatMap((name) =>
    readHarExchanges(`anthropic/${name}.har`).map((exchange, index): [string, string] => [`${name}.har #${index}`, exchange.responseBody]),
  ),
  ...['vision-image-base64', 'stream-thinking', 'stream-text-ratelimit-headers', 'stream-tool-use'].flatMap((name) =>
    readVcrExchanges(`anthropic/${name}.vcr.yaml`).map((exchange, index): [string, string] => [`${name}.vcr.yaml #${index}`, exchange.responseBody]),
  ),
];

describe('parseAnthropicStream on every recorded Anthropic stream', () => {
  for (const [name, sse] of recordedStreams) {
    it(`${name}: text, thinking, signatures, tool calls, finish and usage match the recording`, async () => {
      assertMatchesRecording(await parse(sse), sse);
    });
  }
});

describe('parseAnthropicStream in detail', () => {
  it('reads plain text with its usage (stream-text.chunks.txt)', async () => {
    const response = await parse(chunksAsSse('anthropic/stream-text.chunks.txt', 'anthropic'));
    assert.deepEqual(response.content, [
      { type: 'text', text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?" },
    ]);
    assert.equal(response.finishReason, 'stop');
    assert.deepEqual(response.usage, { inputTokens: 12, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('keeps thinking text and its signature apart from the answer (stream-thinking.chunks.txt)', async () => {
    const response = await parse(chunksAsSse('anthropic/stream-thinking.chunks.txt', 'anthropic'));
    const [thinking, text] = response.content;
    assert.equal(thinking.type, 'reasoning');
    assert.equal(thinking.text, 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185');
    assert.ok(thinking.type === 'reasoning' && thinking.signature?.startsWith('EvQBCkYICxgCKkAxhD4NUKFzudtZ6NzbZdEiBACIScTzqjPViM596iWLZIk4EFKYYBj3'));
    assert.deepEqual(text, { type: 'text', text: '925 ÷ 5 = 185' });
  });

  it('numbers tool calls across blocks and emits a start then argument deltas (stream-tool-use-then-result.har)', async () => {
    const sse = readHarExchanges('anthropic/stream-tool-use-then-result.har')[0].responseBody;
    const toolEvents = (await events(sse)).filter((event) => event.type.startsWith('tool_call'));
    assert.deepEqual(toolEvents[0], { type: 'tool_call_start', index: 0, id: 'toolu_01NW9V1YCeF2aaDjiUnTSUH1', name: 'secret_retrieval_tool' });
    const second = toolEvents.find((event) => event.type === 'tool_call_start' && event.index === 1);
    assert.deepEqual(second, { type: 'tool_call_start', index: 1, id: 'toolu_015k2gzpZWrWT7ZKrmd1sPRg', name: 'secret_retrieval_tool' });
    const response = await parse(sse);
    assert.deepEqual(
      response.content.map((part) => part.type === 'tool_call' && JSON.parse(part.arguments)),
      [{ password: 'mellon' }, { password: 'radiance' }],
    );
  });

  it('turns a tool call without arguments into "{}" (stream-tool-use-no-args.chunks.txt)', async () => {
    const all = await events(chunksAsSse('anthropic/stream-tool-use-no-args.chunks.txt', 'anthropic'));
    assert.deepEqual(all.filter((event) => event.type === 'tool_call_delta'), [{ type: 'tool_call_delta', index: 0, arguments: '{}' }]);
  });

  it('skips server tool blocks and counts cache reads and writes into input (stream-server-tool-prompt-cache.chunks.txt)', async () => {
    const response = await parse(chunksAsSse('anthropic/stream-server-tool-prompt-cache.chunks.txt', 'anthropic'));
    assert.deepEqual(response.content, [{ type: 'text', text: 'The sum of the squares of the numbers 1 through 12 is **650**.' }]);
    // message_delta's cumulative usage (input 6, write 3337, read 6289) supersedes message_start's.
    assert.deepEqual(response.usage, { inputTokens: 6 + 3337 + 6289, outputTokens: 198, cacheReadTokens: 6289, cacheWriteTokens: 3337, reasoningTokens: 0 });
  });

  it('emits start and input usage first, and exactly one finish last', async () => {
    const all = await events(readFixtureText('anthropic/stream-text.sse.txt'));
    assert.deepEqual(all[0], { type: 'start', id: 'msg_01T8kTq7cYyYJeQ5DxcVUc6D', model: 'claude-haiku-4-5-20251001', created: (all[0] as { created: number }).created });
    assert.deepEqual(all[1], { type: 'usage', usage: { inputTokens: 10, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 } });
    assert.deepEqual(all.at(-1), { type: 'finish', reason: 'stop' });
    assert.equal(all.filter((event) => event.type === 'finish').length, 1);
  });

  for (const name of ['stream-text', 'stream-thinking', 'stream-tool-use']) {
    it(`${name}.sse.txt gives the same events when split at random byte boundaries`, async () => {
      const bytes = readFixtureBytes(`anthropic/${name}.sse.txt`);
      const whole = await events(new TextDecoder().decode(bytes));
      const random = seededRandom(name.length * 7919);
      for (let round = 0; round < 25; round++) {
        const cuts = randomCuts(random, bytes.length);
        const split: StreamEvent[] = [];
        for await (const event of parseAnthropicStream(splitBytes(bytes, cuts))) split.push(event);
        assert.deepEqual(
          split.map((event) => (event.type === 'start' ? { ...event, created: 0 } : event)),
          whole.map((event) => (event.type === 'start' ? { ...event, created: 0 } : event)),
          `cuts ${cuts.join(',')}`,
        );
      }
    });
  }

  it('reports redacted thinking as opaque data', async () => {
    const sse = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-7-sonnet-20250219","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va"}}',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":9}}',
      'event: message_stop\ndata: {"type":"message_stop"}',
    ].join('\n\n') + '\n\n';
    const response = await parse(sse);
    assert.deepEqual(response.content, [{ type: 'reasoning', text: '', redacted: 'EmwKAhgBEgy3va' }]);
    assert.equal(response.finishReason, 'stop_sequence');
    assert.equal(response.stopSequence, 'END');
    assert.deepEqual(response.usage, { inputTokens: 5, outputTokens: 9, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('turns a mid-stream overloaded_error into an error event with status 529', async () => {
    const lines = readFixtureText('anthropic/stream-text.sse.txt').split('\n\n');
    const cut = lines.findIndex((block) => block.startsWith('event: content_block_stop'));
    const sse = [...lines.slice(0, cut), 'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}'].join('\n\n') + '\n\n';
    const all = await events(sse);
    const last = all.at(-1)!;
    assert.equal(last.type, 'error');
    assert.ok(last.type === 'error' && last.error instanceof GatewayError);
    assert.equal(last.error.status, 529);
    assert.equal(last.error.code, 'overloaded');
    assert.equal(last.error.upstreamType, 'overloaded_error');
    assert.equal(last.error.message, 'Overloaded');
    assert.equal(all.filter((event) => event.type === 'finish').length, 0);
  });

  it('turns a mid-stream api_error into status 500', async () => {
    const all = await events('event: error\ndata: {"type":"error","error":{"type":"api_error","message":"Internal server error"}}\n\n');
    const last = all.at(-1)!;
    assert.ok(last.type === 'error');
    assert.equal(last.error.status, 500);
    assert.equal(last.error.code, 'upstream_error');
  });

  it('ends with an error when the stream stops before message_stop', async () => {
    const sse = readFixtureText('anthropic/stream-text.sse.txt');
    const all = await events(sse.slice(0, sse.indexOf('event: message_delta')));
    const last = all.at(-1)!;
    assert.ok(last.type === 'error');
    assert.equal(last.error.status, 502);
    assert.equal(all.filter((event) => event.type === 'text_delta').length, 1);
  });
});
