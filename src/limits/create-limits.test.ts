import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { SqliteKeyLimitsStore } from '../stores/sqlite/sqlite-key-limits-store.ts';
import { MemoryRateLimitStore } from '../stores/memory/memory-rate-limit-store.ts';
import { createLimits } from './create-limits.ts';
import { LimitExceededError } from './limit-exceeded-error.ts';

function setup(start = Date.parse('2025-06-15T12:00:00Z')) {
  let time = start;
  const clock = () => time;
  const limits = createLimits({ store: new SqliteKeyLimitsStore(openSqlite(IN_MEMORY)), rates: new MemoryRateLimitStore({ now: clock }), now: clock });
  return { limits, advance: (ms: number) => (time += ms), set: (at: number) => (time = at) };
}

const none = { dailyBudgetNanos: null, monthlyBudgetNanos: null, requestsPerMinute: null, tokensPerMinute: null };
const limited = (status: number, code: string) => (error: unknown) => error instanceof LimitExceededError && error.status === status && error.code === code;

test('a key without limits, or a caller without a key, is always admitted with no headers', async () => {
  const { limits } = setup();
  assert.deepEqual(await limits.admit({ keyId: 'key_1', accountId: 'acct_1' }), { headers: {} });
  assert.deepEqual(await limits.admit({ accountId: 'local' }), { headers: {} });
  await limits.record({ usage: { inputTokens: 5, outputTokens: 5 }, costNanos: 10n });
});

test('requests_per_minute: the 4th request in a minute is a 429 with retry-after and OpenAI-style headers', async () => {
  const { limits, advance } = setup(Date.parse('2025-06-15T12:00:00Z'));
  await limits.setLimits({ keyId: 'key_1', accountId: 'acct_1', ...none, requestsPerMinute: 3 });
  const first = await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
  assert.deepEqual(first.headers, { 'x-ratelimit-limit-requests': '3', 'x-ratelimit-remaining-requests': '2', 'x-ratelimit-reset-requests': '2m0s' });
  await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
  await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
  await assert.rejects(limits.admit({ keyId: 'key_1', accountId: 'acct_1' }), (error: unknown) => {
    assert.ok(limited(429, 'rate_limited')(error));
    const refused = error as LimitExceededError;
    // Full window of 3 in the current minute: room for one more once a third of the next minute has passed.
    assert.equal(refused.retryAfterSeconds, 80);
    assert.equal(refused.headers['x-ratelimit-remaining-requests'], '0');
    return true;
  });
  advance(80_000);
  await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
  // Another key has its own window.
  await limits.setLimits({ keyId: 'key_2', accountId: 'acct_1', ...none, requestsPerMinute: 1 });
  await limits.admit({ keyId: 'key_2', accountId: 'acct_1' });
});

test('tokens_per_minute is charged after the fact: admitted until the window is over, then 429', async () => {
  const { limits, advance } = setup();
  await limits.setLimits({ keyId: 'key_1', accountId: 'acct_1', ...none, tokensPerMinute: 1000 });
  const admitted = await limits.admit({ keyId: 'key_1', accountId: 'acct_1', estimatedTokens: 5000 });
  assert.equal(admitted.headers['x-ratelimit-remaining-tokens'], '1000');
  await limits.record({ keyId: 'key_1', usage: { inputTokens: 900, outputTokens: 300 }, costNanos: 0n });
  await assert.rejects(limits.admit({ keyId: 'key_1', accountId: 'acct_1' }), (error: unknown) => {
    assert.ok(limited(429, 'rate_limited')(error));
    assert.equal((error as LimitExceededError).headers['x-ratelimit-remaining-tokens'], '0');
    assert.ok((error as LimitExceededError).retryAfterSeconds! > 0);
    return true;
  });
  advance(2 * 60_000);
  await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
});

test('a spent daily budget is a 402 naming the UTC reset; the next day admits again', async () => {
  const { limits, set } = setup(Date.parse('2025-06-15T22:00:00Z'));
  await limits.setLimits({ keyId: 'key_1', accountId: 'acct_1', ...none, dailyBudgetNanos: 1_000_000_000n });
  await limits.record({ keyId: 'key_1', usage: { inputTokens: 10, outputTokens: 10 }, costNanos: 999_999_999n });
  await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
  await limits.record({ keyId: 'key_1', costNanos: 1n });
  await assert.rejects(limits.admit({ keyId: 'key_1', accountId: 'acct_1' }), (error: unknown) => {
    assert.ok(limited(402, 'insufficient_credits')(error));
    assert.match((error as Error).message, /daily budget of \$1\.000000000 is spent.*resets at 2025-06-16T00:00:00\.000Z/);
    assert.equal((error as LimitExceededError).retryAfterSeconds, 2 * 3600);
    return true;
  });
  set(Date.parse('2025-06-16T00:00:00Z'));
  await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
  const snapshot = await limits.snapshot('key_1');
  assert.equal(snapshot.day.spendNanos, 0n);
  assert.equal(snapshot.month.spendNanos, 1_000_000_000n);
});

test('a monthly budget counts every day of the month and resets on the 1st', async () => {
  const { limits, set } = setup(Date.parse('2025-06-01T00:00:00Z'));
  await limits.setLimits({ keyId: 'key_1', accountId: 'acct_1', ...none, monthlyBudgetNanos: 300n });
  for (const day of ['01', '10', '20']) {
    set(Date.parse(`2025-06-${day}T08:00:00Z`));
    await limits.record({ keyId: 'key_1', costNanos: 100n });
  }
  await assert.rejects(limits.admit({ keyId: 'key_1', accountId: 'acct_1' }), (error: unknown) => {
    assert.match((error as Error).message, /monthly budget.*resets at 2025-07-01T00:00:00\.000Z/);
    return true;
  });
  set(Date.parse('2025-07-01T00:00:00Z'));
  await limits.admit({ keyId: 'key_1', accountId: 'acct_1' });
});
