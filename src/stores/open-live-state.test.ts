import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultReliabilityConfig } from '../routing/reliability-config.ts';
import { openLiveState, type OpenLiveStateOptions } from './open-live-state.ts';
import { SqliteIdempotencyStore } from './sqlite/sqlite-idempotency-store.ts';
import { IN_MEMORY, openSqlite } from './sqlite/open-sqlite.ts';
import { TEST_REDIS_URL, connectTestRedis, deleteKeys } from './redis/testing/test-redis.ts';

const db = openSqlite(IN_MEMORY);
const { redis, prefix } = await connectTestRedis();
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  db.close();
});

const base: OpenLiveStateOptions = {
  breaker: defaultReliabilityConfig.breaker,
  streamRetentionMs: 60_000,
  streamBufferMaxBytes: 1 << 20,
  idempotencyRetentionMs: 60_000,
  idempotencyStore: new SqliteIdempotencyStore(db),
};

test('without REDIS_URL the live state is this process’s memory', async () => {
  const live = await openLiveState({ ...base, redisUrl: '' });
  assert.equal(live.kind, 'memory');
  assert.equal(live.responseCache, undefined);
  await live.close();
});

test('with REDIS_URL two instances share streams and breakers', async () => {
  const [a, b] = [await openLiveState({ ...base, redisUrl: TEST_REDIS_URL, keyPrefix: prefix }), await openLiveState({ ...base, redisUrl: TEST_REDIS_URL, keyPrefix: prefix })];
  try {
    assert.equal(a.kind, 'redis');
    const stream = a.buffers.create({ id: 'str_wired', accountId: 'acct_1', contentType: 'text/event-stream', headers: {}, createdAt: 0 });
    stream.append('data: 1\n\n');
    stream.finish('completed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await b.buffers.open('str_wired'))?.status(), 'completed');
    for (let n = 0; n < 5; n++) await a.health.record({ provider: 'openai', model: 'm' }, { ok: false, latencyMs: 1, at: 1000 + n });
    assert.equal((await b.health.check({ provider: 'openai', model: 'm' }, 1010)).state, 'open');
  } finally {
    await a.close();
    await b.close();
  }
});

test('an unreachable Redis stops start-up with a message that hides the password', async () => {
  await assert.rejects(openLiveState({ ...base, redisUrl: 'redis://:s3cret@127.0.0.1:1' }), (error: Error) => /Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/.test(error.message) && !error.message.includes('s3cret'));
});
