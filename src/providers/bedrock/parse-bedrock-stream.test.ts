import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { collectStream } from '../../core/collect-stream.ts';
import type { StreamEvent } from '../../core/events.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import { parseBedrockStream, translateBedrockEvents, type BedrockStreamItem } from './parse-bedrock-stream.ts';
import { randomCuts, seededRandom, splitBytes } from '../../testing/byte-splits.ts';
import { readFixtureBytes, readFixtureChunks } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const collect = async (bytes: Uint8Array, cuts: number[] = []): Promise<CanonicalResponse> => collectStream(parseBedrockStream(splitBytes(bytes, cuts)));

async function events(source: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const all: StreamEvent[] = [];
  for await (const event of source) all.push(event);
  return all;
}

/** What each recorded ConverseStream body must parse into, whatever its chunking. */
const expectations: Record<string, (response: CanonicalResponse) => void> = {
  'converse-stream-reasoning-claude.eventstream.bin': (r) => {
    assert.equal(r.content.length, 2);
    const [reasoning, text] = r.content;
    assert.equal(reasoning.type, 'reasoning');
    assert.equal(reasoning.type === 'reasoning' && reasoning.text, 'The user has greeted me with a simple "Hello". I should respond in a friendly and welcoming manner. This is a straightforward greeting, so I\'ll respond warmly and ask how I can help them today.');
    assert.ok(reasoning.type === 'reasoning' && reasoning.signature?.startsWith('Eu0CCkgIBxABGAIqQJDccbDQkr81n7Qj'));
    assert.ok(reasoning.type === 'reasoning' && reasoning.signature?.endsWith('MIm1o471iEYAQ=='));
    assert.deepEqual(text, { type: 'text', text: "Hello! It's nice to meet you. How can I help you today?" });
    assert.equal(r.finishReason, 'stop');
    assert.deepEqual(r.usage, { inputTokens: 36, outputTokens: 73 });
  },
  'converse-stream-reasoning-gpt-oss.eventstream.bin': (r) => {
    // The leading empty text block leaves no trace.
    assert.deepEqual(r.content, [
      { type: 'reasoning', text: 'The user just says "Hi". We need to respond appropriately, friendly greeting. No special instructions. Should be short.' },
      { type: 'text', text: 'Hello! How can I help you today?' },
    ]);
    assert.equal(r.finishReason, 'stop');
    assert.deepEqual(r.usage, { inputTokens: 70, outputTokens: 43 });
  },
  'converse-stream-redacted-reasoning-claude37.eventstream.bin': (r) => {
    assert.equal(r.content.length, 3);
    const [first, second, text] = r.content;
    assert.ok(first.type === 'reasoning' && first.text === '' && first.redacted?.startsWith('RXRrRUNrZ0lCeEFCR0FJcVFKVGZxUy9QWXVB'));
    assert.ok(second.type === 'reasoning' && second.redacted?.startsWith('RXFBRENrZ0lCeEFCR0FJcVFCM2g1R3lISkQ0'));
    assert.ok(text.type === 'text' && text.text.startsWith("I notice you've sent what appears to be some kind of command"));
    assert.ok(text.type === 'text' && text.text.endsWith('What would you like to talk about today?'));
    assert.deepEqual(r.usage, { inputTokens: 92, outputTokens: 253 });
  },
  'converse-stream-server-tool-code-execution.eventstream.bin': (r) => {
    // Nova's code interpreter call and its result ran inside Bedrock; only the client tool remains.
    assert.deepEqual(r.content, [{ type: 'tool_call', id: 'tooluse_ptgCcZ0uQu-UUMz0abqoWw', name: 'final_result', arguments: '{"result":7006652.0}' }]);
    assert.equal(r.finishReason, 'tool_calls');
    assert.deepEqual(r.usage, { inputTokens: 1002, outputTokens: 59 });
  },
  'converse-stream-structured-output-claude.eventstream.bin': (r) => {
    assert.deepEqual(r.content, [{ type: 'text', text: '{"city":"Paris","country":"France","population":2161000}' }]);
    assert.equal(r.finishReason, 'stop');
    assert.deepEqual(r.usage, { inputTokens: 210, outputTokens: 18 });
  },
  'converse-stream-text-nova.eventstream.bin': (r) => {
    assert.equal(r.content.length, 1);
    assert.ok(r.content[0].type === 'text' && r.content[0].text.startsWith('The capital of France is Paris. Paris is not only'));
    assert.ok(r.content[0].type === 'text' && r.content[0].text.endsWith('"The City of Light" or "The City of Love."'));
    assert.equal(r.finishReason, 'stop');
    assert.deepEqual(r.usage, { inputTokens: 13, outputTokens: 82 });
  },
  'converse-stream-tool-use-nova.eventstream.bin': (r) => {
    assert.equal(r.content.length, 2);
    assert.ok(r.content[0].type === 'text' && r.content[0].text.endsWith('in Paris.</thinking>\n'));
    assert.deepEqual(r.content[1], { type: 'tool_call', id: 'tooluse_lAG_zP8QRHmSYOwZzzaCqA', name: 'get_temperature', arguments: '{"city":"Paris"}' });
    assert.equal(r.finishReason, 'tool_calls');
    assert.deepEqual(r.usage, { inputTokens: 471, outputTokens: 91 });
  },
};

for (const [name, check] of Object.entries(expectations)) {
  const bytes = readFixtureBytes(`bedrock/${name}`);

  test(`${name}: parses whole`, async () => check(await collect(bytes)));

  test(`${name}: parses fed one byte at a time`, async () => {
    check(await collect(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)));
  });

  test(`${name}: parses split at every single boundary`, async () => {
    const expected = await events(parseBedrockStream(splitBytes(bytes, [])));
    for (let cut = 1; cut < bytes.length; cut++) {
      const got = await events(parseBedrockStream(splitBytes(bytes, [cut])));
      // Ids are random per parse; everything else must match exactly.
      assert.deepEqual(got.slice(1), expected.slice(1), `split at ${cut}`);
    }
  });

  test(`${name}: parses split at random boundaries`, async () => {
    const random = seededRandom(bytes.length);
    for (let round = 0; round < 20; round++) {
      const cuts = randomCuts(random, bytes.length);
      check(await collect(bytes, cuts));
    }
  });
}

test('the cassette holds the same bytes as the extracted body, and its second turn parses', async () => {
  const [first, second] = readVcrExchanges('bedrock/converse-stream-tool-use-nova.vcr.yaml');
  assert.deepEqual(first.responseBytes, readFixtureBytes('bedrock/converse-stream-tool-use-nova.eventstream.bin'));
  const response = await collect(second.responseBytes);
  assert.deepEqual(response.content, [{ type: 'text', text: 'The current temperature in Paris, the capital of France, is 30°C.' }]);
  assert.deepEqual(response.usage, { inputTokens: 577, outputTokens: 18 });
});

test('events come in canonical order: start, content, usage, then finish after metadata', async () => {
  const all = await events(parseBedrockStream(splitBytes(readFixtureBytes('bedrock/converse-stream-tool-use-nova.eventstream.bin'), [])));
  assert.equal(all[0].type, 'start');
  assert.deepEqual(all.slice(-2), [
    { type: 'usage', usage: { inputTokens: 471, outputTokens: 91 } },
    { type: 'finish', reason: 'tool_calls' },
  ]);
  assert.deepEqual(all.filter((e) => e.type === 'tool_call_start'), [{ type: 'tool_call_start', index: 0, id: 'tooluse_lAG_zP8QRHmSYOwZzzaCqA', name: 'get_temperature' }]);
});

/** vercel/ai's decoded recordings key each payload by its event type. */
async function* chunkItems(name: string): AsyncGenerator<BedrockStreamItem> {
  for (const chunk of readFixtureChunks<Record<string, unknown>>(`bedrock/${name}`)) {
    const [[type, payload]] = Object.entries(chunk);
    yield { type, payload } as BedrockStreamItem;
  }
}

test('converse-stream-text.chunks.txt: text deltas, end_turn, usage', async () => {
  const r = await collectStream(translateBedrockEvents(chunkItems('converse-stream-text.chunks.txt')));
  assert.deepEqual(r.content, [{ type: 'text', text: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."' }]);
  assert.equal(r.finishReason, 'stop');
  assert.equal(r.stopSequence, undefined);
  assert.deepEqual(r.usage, { inputTokens: 22, outputTokens: 55 });
});

test('converse-stream-tool-use.chunks.txt: a stream opening with contentBlockStart, metadata before messageStop', async () => {
  const all = await events(translateBedrockEvents(chunkItems('converse-stream-tool-use.chunks.txt')));
  assert.equal(all[0].type, 'start');
  assert.deepEqual(all.at(-1), { type: 'finish', reason: 'tool_calls' });
  const r = await collectStream(translateBedrockEvents(chunkItems('converse-stream-tool-use.chunks.txt')));
  assert.deepEqual(r.content, [{ type: 'tool_call', id: 'toolu_01PQjhxo3eirCdKNvCJrKc8f', name: 'get-weather', arguments: '{"location":"San Francisco"}' }]);
  assert.deepEqual(r.usage, { inputTokens: 843, outputTokens: 28 });
});

test('converse-stream-reasoning.chunks.txt: reasoning text with its signature, then text', async () => {
  const r = await collectStream(translateBedrockEvents(chunkItems('converse-stream-reasoning.chunks.txt')));
  const reasoning = r.content[0];
  assert.ok(reasoning.type === 'reasoning');
  assert.equal(reasoning.text, 'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nr appears at positions 3, 8, and 9.\n\nSo there are 3 r\'s.');
  assert.ok(reasoning.signature?.startsWith('Ep0CCkgICxABGAIqQOWPB6/PmA5SW9jC6Fva'));
  assert.equal(r.content[1].type, 'text');
  assert.equal(r.finishReason, 'stop');
});

// ---------------------------------------------------------------- exceptions and broken streams

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const str = (value: string) => ({ type: 'string' as const, value });
const frame = (headers: Record<string, string>, body: unknown): Uint8Array =>
  codec.encode({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, str(v)])), body: fromUtf8(JSON.stringify(body)) });
const eventFrame = (type: string, body: unknown) => frame({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, body);

const exceptionCases: Array<[string, number, string]> = [
  ['throttlingException', 429, 'rate_limited'],
  ['modelStreamErrorException', 500, 'upstream_error'],
  ['internalServerException', 500, 'upstream_error'],
  ['serviceUnavailableException', 503, 'overloaded'],
  ['validationException', 400, 'invalid_request'],
];

for (const [type, status, code] of exceptionCases) {
  test(`a mid-stream ${type} becomes an error event (${status})`, async () => {
    const bytes = Buffer.concat([
      eventFrame('messageStart', { role: 'assistant', p: 'abc' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' }, p: 'abcdef' }),
      frame({ ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' }, { message: 'Too many tokens, please wait.' }),
    ]);
    const all = await events(parseBedrockStream(splitBytes(bytes, [7, 50])));
    const last = all.at(-1)!;
    assert.equal(last.type, 'error');
    assert.equal(last.type === 'error' && last.error.status, status);
    assert.equal(last.type === 'error' && last.error.code, code);
    assert.equal(last.type === 'error' && last.error.message, 'Too many tokens, please wait.');
    assert.equal(last.type === 'error' && last.error.provider, 'bedrock');
  });
}

test('a stream cut before messageStop ends in an error, not a finish', async () => {
  const bytes = readFixtureBytes('bedrock/converse-stream-text-nova.eventstream.bin');
  const all = await events(parseBedrockStream(splitBytes(bytes.slice(0, 3000), [])));
  const last = all.at(-1)!;
  assert.equal(last.type, 'error');
  assert.equal(last.type === 'error' && last.error.status, 502);
});

test('a corrupted frame (bad CRC) ends in a 502 error event', async () => {
  const bytes = readFixtureBytes('bedrock/converse-stream-text-nova.eventstream.bin').slice();
  bytes[200] ^= 0xff;
  const last = (await events(parseBedrockStream(splitBytes(bytes, [])))).at(-1)!;
  assert.equal(last.type === 'error' && last.error.status, 502);
});

test('Claude stop sequences are read from additionalModelResponseFields', async () => {
  const bytes = Buffer.concat([
    eventFrame('messageStart', { role: 'assistant' }),
    eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'one two' } }),
    eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
    eventFrame('messageStop', { stopReason: 'stop_sequence', additionalModelResponseFields: { delta: { stop_sequence: 'three' } } }),
    eventFrame('metadata', { usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 } }),
  ]);
  const r = await collect(bytes);
  assert.equal(r.finishReason, 'stop_sequence');
  assert.equal(r.stopSequence, 'three');
});
