import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { StreamEvent } from '../../core/events.ts';
import { GatewayError } from '../../core/errors.ts';
import { parseAnthropicStream } from '../anthropic/parse-anthropic-stream.ts';
import { randomCuts, seededRandom, splitBytes } from '../../testing/byte-splits.ts';
import { chunksAsSse, readChunkLines } from '../../testing/recorded-fixtures.ts';
import { parseBedrockInvokeStream } from './parse-bedrock-invoke-stream.ts';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const header = (value: string) => ({ type: 'string' as const, value });

/** One Anthropic event as InvokeModelWithResponseStream sends it: a `chunk` frame of `{bytes: base64(json)}`, padded with `p`. */
function chunkFrame(json: string): Uint8Array {
  const payload = JSON.stringify({ bytes: Buffer.from(json).toString('base64'), p: 'abcdefgh' });
  return codec.encode({ headers: { ':event-type': header('chunk'), ':content-type': header('application/json'), ':message-type': header('event') }, body: fromUtf8(payload) });
}

function exceptionFrame(type: string, message: string): Uint8Array {
  return codec.encode({ headers: { ':exception-type': header(type), ':content-type': header('application/json'), ':message-type': header('exception') }, body: fromUtf8(JSON.stringify({ message })) });
}

/** A recorded Anthropic stream's events as Bedrock frames; the last event gains Bedrock's invocation metrics. */
function framesOf(lines: string[]): Uint8Array {
  const frames = lines.map((line, index) => {
    if (index < lines.length - 1) return chunkFrame(line);
    const metrics = { inputTokenCount: 69, outputTokenCount: 120, invocationLatency: 1800, firstByteLatency: 700 };
    return chunkFrame(JSON.stringify({ ...JSON.parse(line), 'amazon-bedrock-invocationMetrics': metrics }));
  });
  return Buffer.concat(frames);
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const now = () => 1_764_000_000_000;
const encoder = new TextEncoder();

for (const fixture of ['anthropic/stream-thinking.chunks.txt', 'anthropic/stream-tool-use-json.chunks.txt', 'anthropic/stream-text.chunks.txt']) {
  test(`${fixture} wrapped in chunk frames, split at random byte boundaries, gives the same events as the SSE original`, async () => {
    const expected = await collect(parseAnthropicStream(splitBytes(encoder.encode(chunksAsSse(fixture, 'anthropic')), []), now));
    assert.equal(expected.at(-1)?.type, 'finish');
    const bytes = framesOf(readChunkLines(fixture));
    const random = seededRandom(fixture.length);
    for (let round = 0; round < 25; round++) {
      const cuts = randomCuts(random, bytes.length);
      assert.deepEqual(await collect(parseBedrockInvokeStream(splitBytes(bytes, cuts), now)), expected, `cuts ${cuts.join(',')}`);
    }
  });
}

test('an exception frame mid-stream (throttlingException) ends the stream with that error, after what came before', async () => {
  const lines = readChunkLines('anthropic/stream-text.chunks.txt');
  const bytes = Buffer.concat([...lines.slice(0, 4).map(chunkFrame), exceptionFrame('throttlingException', 'Too many tokens, please wait before trying again.')]);
  const events = await collect(parseBedrockInvokeStream(splitBytes(bytes, [5, 300]), now));
  assert.equal(events[0].type, 'start');
  const last = events.at(-1)!;
  assert.equal(last.type, 'error');
  const error = (last as { error: GatewayError }).error;
  assert.equal(error.status, 429);
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.upstreamType, 'throttlingException');
  assert.equal(error.message, 'Too many tokens, please wait before trying again.');
  assert.equal(events.filter((event) => event.type === 'error' || event.type === 'finish').length, 1);
});

test('modelStreamErrorException, a chunk without bytes, and a stream cut inside a frame are errors, not a finish', async () => {
  const model = await collect(parseBedrockInvokeStream(splitBytes(exceptionFrame('modelStreamErrorException', 'The model failed.'), []), now));
  assert.deepEqual(model.map((event) => event.type), ['error']);
  assert.equal((model[0] as { error: GatewayError }).error.status, 500);

  const empty = codec.encode({ headers: { ':event-type': header('chunk'), ':message-type': header('event') }, body: fromUtf8('{"p":"abc"}') });
  const noBytes = await collect(parseBedrockInvokeStream(splitBytes(empty, []), now));
  assert.match((noBytes[0] as { error: GatewayError }).error.message, /without bytes/);

  const whole = framesOf(readChunkLines('anthropic/stream-text.chunks.txt'));
  const cut = await collect(parseBedrockInvokeStream(splitBytes(whole.subarray(0, whole.length - 7), []), now));
  assert.equal(cut.at(-1)?.type, 'error');
});
