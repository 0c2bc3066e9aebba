import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSse } from './sse-decode.ts';
import { encodeSse } from './sse-encode.ts';

async function* bytesSplitEvery(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('an SSE stream split at every byte boundary, mid UTF-8 character and mid event, decodes exactly', async () => {
  const frames = [encodeSse('{"text":"héllo 👋 世界"}', 'delta', 1), encodeSse('line one\nline two'), encodeSse('[DONE]')];
  const wire = frames.join('');
  for (const size of [1, 2, 3, 5, 7, 64]) {
    const messages = await collect(decodeSse(bytesSplitEvery(wire, size)));
    assert.deepEqual(
      messages.map((m) => [m.event, m.data, m.id]),
      [
        ['delta', '{"text":"héllo 👋 世界"}', '1'],
        [undefined, 'line one\nline two', undefined],
        [undefined, '[DONE]', undefined],
      ],
      `chunk size ${size}`,
    );
  }
});

test('CRLF-separated events (Gemini alt=sse) decode like LF ones', async () => {
  const messages = await collect(decodeSse(bytesSplitEvery('data: {"a":1}\r\n\r\ndata: {"a":2}\r\n\r\n', 4)));
  assert.deepEqual(messages.map((m) => m.data), ['{"a":1}', '{"a":2}']);
});

test('a last event without its closing blank line is still delivered', async () => {
  const messages = await collect(decodeSse(bytesSplitEvery('data: one\n\ndata: two', 3)));
  assert.deepEqual(messages.map((m) => m.data), ['one', 'two']);
});
