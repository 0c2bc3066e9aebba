import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStreamBuffersContract } from '../stores/stream-buffers.contract.ts';
import { connectTestRedis, deleteKeys } from '../stores/redis/testing/test-redis.ts';
import type { RedisClient } from '../stores/redis/open-redis.ts';
import { RedisStreamBuffers } from './redis-stream-buffers.ts';
import type { BufferedFrame, StreamMeta } from './stream-buffer.ts';

const test_ = await connectTestRedis();
const { prefix } = test_;
after(async () => {
  await deleteKeys(test_.redis, prefix);
  test_.redis.disconnect();
});

/** One gateway instance: its own connection, as a separate process would have. */
async function instance(options: { retentionMs?: number; liveTtlMs?: number; blockMs?: number } = {}): Promise<{ buffers: RedisStreamBuffers; redis: RedisClient; close(): Promise<void> }> {
  const redis = await test_.connect();
  const buffers = new RedisStreamBuffers({ redis, prefix, retentionMs: 60_000, maxBytes: 1 << 20, ...options });
  return {
    buffers,
    redis,
    async close() {
      await buffers.close();
      redis.disconnect();
    },
  };
}

describeStreamBuffersContract('Redis, reader on the writer instance', async () => {
  const one = await instance();
  return { writer: one.buffers, open: (id) => one.buffers.open(id), settled: () => one.buffers.settled(), close: one.close };
});

describeStreamBuffersContract('Redis, reader on another instance', async () => {
  const [a, b] = [await instance(), await instance()];
  return {
    writer: a.buffers,
    open: (id) => b.buffers.open(id),
    settled: () => a.buffers.settled(),
    close: async () => {
      await a.close();
      await b.close();
    },
  };
});

const meta = (id: string): StreamMeta => ({ id, accountId: 'acct_1', contentType: 'text/event-stream', headers: { 'x-switchyard-provider': 'anthropic' }, createdAt: Date.now() });

async function collect(items: AsyncIterable<BufferedFrame>): Promise<BufferedFrame[]> {
  const out: BufferedFrame[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('two gateway instances sharing one Redis', () => {
  let a: Awaited<ReturnType<typeof instance>>;
  let b: Awaited<ReturnType<typeof instance>>;
  before(async () => {
    a = await instance();
    b = await instance({ blockMs: 200 });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  test('B follows a stream A is producing, live, and replays it whole after the end', async () => {
    const written = a.buffers.create(meta('str_two_instances'));
    written.append('data: {"n":1}\n\n');
    await a.buffers.settled();
    const view = await b.buffers.open('str_two_instances');
    assert.ok(view);
    assert.equal(view.status(), 'live');
    assert.equal(view.length(), 1);
    assert.equal(b.buffers.get('str_two_instances'), undefined, 'B does not hold it in memory');
    const live = collect(view.readFrom(0));
    const resumed = collect(view.readFrom(1));
    for (let n = 2; n <= 30; n++) {
      written.append(`data: {"n":${n}}\n\n`);
      if (n % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 30)); // B is blocked in XREAD here
    }
    written.finish('completed');
    const expected = Array.from({ length: 30 }, (_, i) => ({ seq: i + 1, frame: `data: {"n":${i + 1}}\n\n` }));
    assert.deepEqual(await live, expected);
    assert.deepEqual(await resumed, expected.slice(1));
    assert.equal(view.status(), 'completed');
    await a.buffers.settled();
    const after = await b.buffers.open('str_two_instances');
    assert.deepEqual(await collect(after!.readFrom(25)), expected.slice(25));
    assert.equal(after!.status(), 'completed');
  });

  test('a view is read-only: only the writing instance appends', async () => {
    a.buffers.create(meta('str_read_only'));
    await a.buffers.settled();
    const view = await b.buffers.open('str_read_only');
    assert.throws(() => view!.append('data: x\n\n'), /another gateway instance/);
  });

  test('a reader whose client leaves while B waits stops at once', async () => {
    const written = a.buffers.create(meta('str_abort'));
    written.append('data: 1\n\n');
    await a.buffers.settled();
    const view = await b.buffers.open('str_abort');
    const controller = new AbortController();
    const reading = collect(view!.readFrom(0, controller.signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    controller.abort();
    assert.deepEqual((await reading).map((f) => f.seq), [1]);
    assert.ok(Date.now() - started < 150, 'did not wait out the blocking read');
    written.finish('completed');
  });
});

describe('stream lifetimes in Redis', () => {
  test('a finished stream expires after its retention', async () => {
    const a = await instance({ retentionMs: 150 });
    const b = await instance();
    try {
      const written = a.buffers.create(meta('str_expires'));
      written.append('data: 1\n\n');
      written.finish('completed');
      await a.buffers.settled();
      assert.ok(await b.buffers.open('str_expires'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await b.buffers.open('str_expires'), undefined);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test("a live stream whose writer died ends as failed for its readers once the live TTL runs out", async () => {
    const a = await instance({ liveTtlMs: 300 });
    const b = await instance({ blockMs: 100 });
    const written = a.buffers.create(meta('str_orphan'));
    written.append('data: 1\n\n');
    await a.buffers.settled();
    await a.close(); // the instance is gone: no heartbeat, no end marker
    try {
      const view = await b.buffers.open('str_orphan');
      assert.deepEqual((await collect(view!.readFrom(0))).map((f) => f.seq), [1]);
      assert.equal(view!.status(), 'failed');
    } finally {
      await b.close();
    }
  });

  test('the writer serves its own readers from memory and keeps the stream until released and expired', async () => {
    const a = await instance();
    try {
      const written = a.buffers.create(meta('str_local'));
      written.append('data: 1\n\n');
      assert.equal(a.buffers.get('str_local'), written);
      assert.equal(await a.buffers.open('str_local'), written);
      written.finish('completed');
      a.buffers.release('str_local');
      await a.buffers.settled();
      // Released and persisted: memory may let it go, Redis still has it for every instance.
      const reopened = await a.buffers.open('str_local');
      assert.deepEqual((await collect(reopened!.readFrom(0))).map((f) => f.frame), ['data: 1\n\n']);
    } finally {
      await a.close();
    }
  });
});
