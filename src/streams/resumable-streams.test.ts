import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseSync } from 'node:sqlite';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { SqliteStreamStore } from '../stores/sqlite/sqlite-stream-store.ts';
import { MemoryStreamBuffers } from './memory-stream-buffers.ts';
import { ResumableStreams } from './resumable-streams.ts';
import type { BufferedFrame } from './stream-buffer.ts';

async function collect(frames: AsyncIterable<BufferedFrame>): Promise<string[]> {
  const out: string[] = [];
  for await (const { frame } of frames) out.push(frame);
  return out;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ResumableStreams', () => {
  let db: DatabaseSync;
  let streams: ResumableStreams;
  let buffers: MemoryStreamBuffers;
  beforeEach(() => {
    db = openSqlite(IN_MEMORY);
    buffers = new MemoryStreamBuffers({ maxBytes: 1 << 20, retentionMs: 60_000 });
    streams = new ResumableStreams({ buffers, store: new SqliteStreamStore(db), retentionMs: 60_000 });
  });
  afterEach(async () => {
    await streams.close();
    db.close();
  });

  const start = (frames: AsyncIterable<string>) => streams.start({ accountId: 'local', contentType: 'text/event-stream', headers: { 'x-switchyard-provider': 'openai' }, frames });

  test('pumps the frames to the end with nobody reading, then serves them from the store once memory let go', async () => {
    const buffer = start(
      (async function* () {
        for (const n of [1, 2, 3]) yield `data: ${n}\n\n`;
      })(),
    );
    assert.match(buffer.meta.id, /^str_/);
    while (buffer.status() === 'live') await tick();
    await tick();
    const stored = await streams.open(buffer.meta.id);
    assert.equal(stored?.status(), 'completed');
    assert.deepEqual(await collect(stored!.readFrom(1)), ['data: 2\n\n', 'data: 3\n\n']);
    // Drop it from memory: the store answers the same.
    const tiny = new ResumableStreams({ buffers: new MemoryStreamBuffers({ maxBytes: 1, retentionMs: 1 }), store: new SqliteStreamStore(db), retentionMs: 60_000 });
    const fromStore = await tiny.open(buffer.meta.id);
    await tiny.close();
    assert.deepEqual(fromStore?.meta.headers, { 'x-switchyard-provider': 'openai' });
    assert.deepEqual(await collect(fromStore!.readFrom(0)), ['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n']);
  });

  test('an upstream that breaks mid-stream leaves a failed stream with the frames sent so far', async () => {
    const buffer = start(
      (async function* () {
        yield 'data: partial\n\n';
        throw new Error('socket hang up');
      })(),
    );
    const frames = await collect(buffer.readFrom(0));
    assert.deepEqual(frames, ['data: partial\n\n']);
    assert.equal(buffer.status(), 'failed');
  });

  test('closing stops a stalled stream at once, marks it failed and still saves it', async () => {
    const buffer = start(
      (async function* () {
        yield 'data: before the stall\n\n';
        await new Promise(() => {}); // never answers
      })(),
    );
    const reading = collect(buffer.readFrom(0));
    await tick();
    await streams.close();
    assert.deepEqual(await reading, ['data: before the stall\n\n']);
    assert.equal(buffer.status(), 'failed');
    assert.equal((await new SqliteStreamStore(db).get(buffer.meta.id))?.status, 'failed');
  });

  test('an unknown id opens nothing', async () => {
    assert.equal(await streams.open('str_nope'), undefined);
  });
});
