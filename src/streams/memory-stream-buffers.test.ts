import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStreamBuffers } from './memory-stream-buffers.ts';
import type { BufferedFrame, StreamMeta } from './stream-buffer.ts';

const meta = (id: string): StreamMeta => ({ id, accountId: 'local', contentType: 'text/event-stream', headers: {}, createdAt: 0 });
const frame = (n: number, size = 10) => `data: ${String(n).padEnd(size - 8, '.')}\n\n`;

async function collect(frames: AsyncIterable<BufferedFrame>): Promise<BufferedFrame[]> {
  const out: BufferedFrame[] = [];
  for await (const item of frames) out.push(item);
  return out;
}

describe('a stream buffer', () => {
  test('numbers frames from 1 and replays from any point, then stops when finished', async () => {
    const buffers = new MemoryStreamBuffers({ maxBytes: 1 << 20, retentionMs: 1000 });
    const buffer = buffers.create(meta('s'));
    assert.deepEqual([buffer.append('data: a\n\n'), buffer.append('data: b\n\n'), buffer.append('data: c\n\n')], [1, 2, 3]);
    buffer.finish('completed');
    assert.deepEqual(await collect(buffer.readFrom(0)), [
      { seq: 1, frame: 'data: a\n\n' },
      { seq: 2, frame: 'data: b\n\n' },
      { seq: 3, frame: 'data: c\n\n' },
    ]);
    assert.deepEqual((await collect(buffer.readFrom(2))).map((f) => f.seq), [3]);
    assert.deepEqual(await collect(buffer.readFrom(3)), []);
  });

  test('readers that join early follow live frames until the end, each seeing every frame once', async () => {
    const buffer = new MemoryStreamBuffers({ maxBytes: 1 << 20, retentionMs: 1000 }).create(meta('s'));
    buffer.append(frame(1));
    const readers = Array.from({ length: 5 }, () => collect(buffer.readFrom(0)));
    for (let n = 2; n <= 50; n++) {
      buffer.append(frame(n));
      if (n % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    buffer.finish('completed');
    for (const frames of await Promise.all(readers)) assert.deepEqual(frames.map((f) => f.seq), Array.from({ length: 50 }, (_, i) => i + 1));
  });

  test('a reader waiting for frames stops when its signal aborts', async () => {
    const buffer = new MemoryStreamBuffers({ maxBytes: 1 << 20, retentionMs: 1000 }).create(meta('s'));
    buffer.append(frame(1));
    const controller = new AbortController();
    const reading = collect(buffer.readFrom(0, controller.signal));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    assert.deepEqual((await reading).map((f) => f.seq), [1]);
    assert.equal(buffer.status(), 'live');
  });
});

describe('the memory bound', () => {
  test('drops the oldest released finished streams first, never a live or unreleased one', () => {
    const buffers = new MemoryStreamBuffers({ maxBytes: 100, retentionMs: 60_000 });
    const fill = (id: string) => {
      const buffer = buffers.create(meta(id));
      for (let n = 0; n < 3; n++) buffer.append(frame(n)); // 30 bytes each
      return buffer;
    };
    const [a, b, c] = ['a', 'b', 'c'].map(fill);
    b.finish('completed');
    a.finish('completed');
    c.finish('completed');
    buffers.release('b');
    buffers.release('a');
    // 90 bytes: under the bound, everything stays.
    assert.equal(buffers.bytes, 90);
    const live = fill('live'); // 120 bytes: b (released first) goes
    assert.equal(buffers.get('b'), undefined);
    assert.ok(buffers.get('a') && buffers.get('c') && buffers.get('live'));
    assert.equal(buffers.bytes, 90);
    for (let n = 0; n < 10; n++) live.append(frame(n)); // 190 bytes: a goes; c is not released, live is live
    assert.equal(buffers.get('a'), undefined);
    assert.ok(buffers.get('c') && buffers.get('live'));
    assert.equal(buffers.bytes, 160, 'the bound may be exceeded by streams that cannot be dropped');
    buffers.release('c');
    assert.equal(buffers.get('c'), undefined);
    assert.equal(buffers.bytes, 130);
    assert.equal(live.status(), 'live');
  });

  test('finished streams leave at the end of their retention, live ones never do', () => {
    let time = 0;
    const buffers = new MemoryStreamBuffers({ maxBytes: 1 << 20, retentionMs: 1000, now: () => time });
    const done = buffers.create(meta('done'));
    buffers.create(meta('live'));
    time = 500;
    done.finish('completed');
    time = 1499;
    assert.ok(buffers.get('done'));
    time = 1500;
    assert.equal(buffers.get('done'), undefined);
    time = 1_000_000;
    buffers.sweep();
    assert.ok(buffers.get('live'));
  });

  test('a sweep frees exactly the finished streams whose retention passed, whatever order they started in', () => {
    let time = 0;
    const buffers = new MemoryStreamBuffers({ maxBytes: 1 << 20, retentionMs: 1000, now: () => time });
    const [first, second, third] = ['first', 'second', 'third'].map((id) => buffers.create(meta(id)));
    for (const buffer of [first, second, third]) buffer.append(frame(1, 100));
    third.finish('completed');
    time = 100;
    first.finish('failed');
    time = 1099;
    buffers.sweep();
    assert.equal(buffers.bytes, 200, 'third expired (finished at 0); first (at 100) and the live second stay');
    time = 1100;
    buffers.sweep();
    assert.equal(buffers.bytes, 100);
    assert.ok(buffers.get('second'));
  });
});
