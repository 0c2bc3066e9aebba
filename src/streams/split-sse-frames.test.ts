import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { splitSseFrames } from './split-sse-frames.ts';

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function split(text: string, size: number): Promise<string[]> {
  const frames: string[] = [];
  for await (const frame of splitSseFrames(chunks(text, size))) frames.push(frame);
  return frames;
}

const sizes = [1, 2, 3, 7, 64, 1 << 20];

test('a recorded Anthropic stream splits into its frames at every chunk boundary, bytes unchanged', async () => {
  const wire = readFileSync(new URL('../../../shared/fixtures/anthropic/stream-text.sse.txt', import.meta.url), 'utf8');
  const expected = wire.split(/(?<=\n\n)/).filter((frame) => frame.trim() !== '');
  assert.ok(expected.length > 3);
  for (const size of sizes) {
    const frames = await split(wire, size);
    assert.deepEqual(frames, expected, `chunk size ${size}`);
    assert.equal(frames.join(''), wire.replace(/^\n+/, ''));
  }
});

test('CRLF frames (Gemini alt=sse) and CR-only frames split the same way', async () => {
  for (const size of sizes) {
    assert.deepEqual(await split('data: {"a":1}\r\n\r\ndata: {"a":2}\r\n\r\n', size), ['data: {"a":1}\r\n\r\n', 'data: {"a":2}\r\n\r\n'], `CRLF, size ${size}`);
    assert.deepEqual(await split('data: a\r\rdata: b\r\r', size), ['data: a\r\r', 'data: b\r\r'], `CR, size ${size}`);
    assert.deepEqual(await split('event: x\ndata: a\r\n\ndata: b\n\r\n', size), ['event: x\ndata: a\r\n\n', 'data: b\n\r\n'], `mixed, size ${size}`);
  }
});

test('multi-byte characters split across chunks survive', async () => {
  for (const size of sizes) assert.deepEqual(await split('data: héllo 👋 世界\n\n', size), ['data: héllo 👋 世界\n\n']);
});

test('stray blank lines between frames are dropped; a last frame without its blank line gets one', async () => {
  for (const size of sizes) {
    assert.deepEqual(await split('\n\n: ping\n\n\n\ndata: one\n\ndata: two', size), [': ping\n\n', 'data: one\n\n', 'data: two\n\n'], `size ${size}`);
    assert.deepEqual(await split('data: two\n', size), ['data: two\n\n']);
    assert.deepEqual(await split('\r\n\n', size), []);
  }
});
