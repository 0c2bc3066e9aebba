import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BufferedFrame, StreamBuffer, StreamBuffers, StreamMeta } from '../streams/stream-buffer.ts';

/**
 * Buffers under test. `writer` creates and appends; `open` finds a stream by id the way a reader
 * would — on the same instance, or on another one sharing the state (Redis), where a stream is
 * a read-only view that follows the writer's.
 */
export type StreamBuffersHarness = {
  writer: StreamBuffers;
  open(id: string): Promise<StreamBuffer | undefined>;
  /** Resolves once everything the writer did is visible to readers elsewhere. */
  settled?(): Promise<void>;
  close(): Promise<void>;
};

const meta = (id: string): StreamMeta => ({
  id,
  accountId: 'acct_1',
  contentType: 'text/event-stream; charset=utf-8',
  headers: { 'x-switchyard-provider': 'openai', 'x-switchyard-model': 'openai/gpt-4o-mini' },
  createdAt: 1_750_000_000_000,
});
// Multi-byte text and CRLF frames: the buffers must keep bytes exactly.
const frames = ['data: {"choices":[{"delta":{"content":"héllo 👋"}}]}\n\n', 'event: x\r\ndata: multi\r\ndata: line\r\n\r\n', 'data: [DONE]\n\n'];

async function collect(items: AsyncIterable<BufferedFrame>): Promise<BufferedFrame[]> {
  const out: BufferedFrame[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The behaviour every `StreamBuffers` must have, for readers on the writer's instance or another. */
export function describeStreamBuffersContract(name: string, makeBuffers: () => Promise<StreamBuffersHarness>): void {
  describe(`StreamBuffers contract: ${name}`, () => {
    let harness: StreamBuffersHarness;
    let id = 0;
    const nextId = () => `str_contract${++id}${Math.random().toString(36).slice(2, 8)}`;

    beforeEach(async () => {
      harness = await makeBuffers();
    });
    afterEach(() => harness.close());

    it('numbers frames from 1 and replays from any point, then stops when finished', async () => {
      const buffer = harness.writer.create(meta(nextId()));
      assert.deepEqual(frames.map((frame) => buffer.append(frame)), [1, 2, 3]);
      buffer.finish('completed');
      await harness.settled?.();
      const reader = await harness.open(buffer.meta.id);
      assert.ok(reader);
      assert.deepEqual(await collect(reader.readFrom(0)), frames.map((frame, index) => ({ seq: index + 1, frame })));
      assert.deepEqual((await collect(reader.readFrom(2))).map((f) => f.seq), [3]);
      assert.deepEqual(await collect(reader.readFrom(3)), []);
      assert.equal(reader.status(), 'completed');
      assert.equal(reader.length(), 3);
    });

    it('gives readers the meta exactly as created', async () => {
      const created = meta(nextId());
      harness.writer.create(created);
      await harness.settled?.();
      const reader = await harness.open(created.id);
      assert.deepEqual(reader?.meta, created);
      assert.equal(reader?.status(), 'live');
    });

    it('knows nothing of an id it never saw', async () => {
      assert.equal(await harness.open('str_unknown'), undefined);
    });

    it('readers that join early follow live frames until the end, each seeing every frame once', async () => {
      const buffer = harness.writer.create(meta(nextId()));
      buffer.append('data: 1\n\n');
      await harness.settled?.();
      const reader = await harness.open(buffer.meta.id);
      assert.ok(reader);
      const readers = Array.from({ length: 3 }, () => collect(reader.readFrom(0)));
      for (let n = 2; n <= 40; n++) {
        buffer.append(`data: ${n}\n\n`);
        if (n % 7 === 0) await tick();
      }
      buffer.finish('completed');
      for (const seen of await Promise.all(readers)) {
        assert.deepEqual(seen.map((f) => f.seq), Array.from({ length: 40 }, (_, i) => i + 1));
        assert.equal(seen[39].frame, 'data: 40\n\n');
      }
      assert.equal(reader.status(), 'completed');
    });

    it('tells readers a stream failed', async () => {
      const buffer = harness.writer.create(meta(nextId()));
      buffer.append(frames[0]);
      await harness.settled?.();
      const reader = await harness.open(buffer.meta.id);
      assert.ok(reader);
      const reading = collect(reader.readFrom(0));
      await tick();
      buffer.finish('failed');
      assert.equal((await reading).length, 1);
      assert.equal(reader.status(), 'failed');
      assert.equal(buffer.status(), 'failed');
    });

    it('a reader waiting for frames stops when its signal aborts', async () => {
      const buffer = harness.writer.create(meta(nextId()));
      buffer.append(frames[0]);
      await harness.settled?.();
      const reader = await harness.open(buffer.meta.id);
      assert.ok(reader);
      const controller = new AbortController();
      const reading = collect(reader.readFrom(0, controller.signal));
      await tick();
      controller.abort();
      assert.deepEqual((await reading).map((f) => f.seq), [1]);
      assert.equal(reader.status(), 'live');
    });

    it('refuses frames after the end; the writer keeps every frame for persisting', async () => {
      const buffer = harness.writer.create(meta(nextId()));
      for (const frame of frames) buffer.append(frame);
      buffer.finish('completed');
      buffer.finish('failed'); // a second end changes nothing
      assert.throws(() => buffer.append('data: late\n\n'));
      assert.deepEqual(buffer.frames(), frames);
      assert.equal(buffer.status(), 'completed');
      await harness.settled?.();
      assert.equal((await harness.open(buffer.meta.id))?.status(), 'completed');
    });
  });
}
