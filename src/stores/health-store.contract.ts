import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HealthStore, TargetKey } from '../routing/health-store.ts';
import type { BreakerConfig } from '../routing/reliability-config.ts';

/**
 * Stores under test, fresh and empty, built with `config`. `stores` holds several views of one
 * shared state (one per gateway instance) for a shared implementation, or one store repeated
 * for an in-process one; the contract spreads its calls over them.
 */
export type HealthStoreHarness = { stores: HealthStore[]; close(): Promise<void> };

const config: BreakerConfig = { windowSize: 6, minCalls: 4, errorRateThreshold: 0.5, consecutiveFailures: 3, coolDownMs: 1000 };
const T = 1_750_000_000_000;
const gpt: TargetKey = { provider: 'openai', model: 'gpt-4o-mini' };
const claude: TargetKey = { provider: 'anthropic', model: 'claude-sonnet-4' };
const ok = (at: number, latencyMs = 100) => ({ ok: true, latencyMs, at });
const failure = (at: number, status = 503) => ({ ok: false, latencyMs: 50, at, error: { status, message: `upstream ${status}` } });

/** The behaviour every `HealthStore` must have (the breaker rules are `routing/circuit-breaker.ts`'s). */
export function describeHealthStoreContract(name: string, makeStores: (config: BreakerConfig) => Promise<HealthStoreHarness>): void {
  describe(`HealthStore contract: ${name}`, () => {
    let harness: HealthStoreHarness;
    let first: HealthStore;
    let second: HealthStore;

    beforeEach(async () => {
      harness = await makeStores(config);
      [first, second = first] = harness.stores;
    });
    afterEach(() => harness.close());

    it('starts closed and lists nothing', async () => {
      assert.deepEqual(await first.check(gpt, T), { state: 'closed', openedAt: undefined });
      assert.deepEqual(await first.list(T), []);
    });

    it('opens after consecutive failures reported from any instance, and goes half-open after the cool-down', async () => {
      await first.record(gpt, failure(T));
      await second.record(gpt, failure(T + 1));
      assert.equal((await first.check(gpt, T + 2)).state, 'closed');
      await first.record(gpt, failure(T + 2));
      assert.deepEqual(await second.check(gpt, T + 3), { state: 'open', openedAt: T + 2 });
      assert.equal((await first.check(gpt, T + 2 + config.coolDownMs)).state, 'half_open');
      assert.equal((await first.check(claude, T + 3)).state, 'closed', 'breakers are per provider+model');
    });

    it('opens on the error rate over a full-enough window', async () => {
      for (const outcome of [ok(T), failure(T + 1), ok(T + 2), failure(T + 3)]) await first.record(gpt, outcome);
      assert.equal((await second.check(gpt, T + 4)).state, 'open');
    });

    it('hands the half-open probe to exactly one of many concurrent requests', async () => {
      for (let n = 0; n < 3; n++) await first.record(gpt, failure(T + n));
      const later = T + 2 + config.coolDownMs;
      assert.equal(await first.claimProbe(gpt, T + 5), false, 'no probe while open');
      const claims = await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 ? first : second).claimProbe(gpt, later)));
      assert.equal(claims.filter(Boolean).length, 1);
      assert.equal(await first.claimProbe(gpt, later + config.coolDownMs), true, 'a probe that never reported back expires');
    });

    it("closes on the probe's success and reopens on its failure", async () => {
      for (let n = 0; n < 3; n++) await first.record(gpt, failure(T + n));
      const probeAt = T + 2 + config.coolDownMs;
      assert.equal(await second.claimProbe(gpt, probeAt), true);
      await second.record(gpt, failure(probeAt + 10));
      assert.deepEqual(await first.check(gpt, probeAt + 11), { state: 'open', openedAt: probeAt + 10 });
      const again = probeAt + 10 + config.coolDownMs;
      assert.equal(await first.claimProbe(gpt, again), true);
      await first.record(gpt, ok(again + 5));
      assert.equal((await second.check(gpt, again + 6)).state, 'closed');
    });

    it('lists every target with its window statistics and last error, sorted', async () => {
      await first.record(gpt, ok(T, 300));
      await second.record(gpt, ok(T + 1, 100));
      await first.record(gpt, failure(T + 2, 429));
      await second.record(claude, ok(T + 3, 200));
      assert.deepEqual(await first.list(T + 4), [
        { provider: 'anthropic', model: 'claude-sonnet-4', state: 'closed', calls: 1, errorRate: 0, p50LatencyMs: 200 },
        {
          provider: 'openai',
          model: 'gpt-4o-mini',
          state: 'closed',
          calls: 3,
          errorRate: 1 / 3,
          p50LatencyMs: 100,
          lastError: { status: 429, message: 'upstream 429', at: new Date(T + 2).toISOString() },
        },
      ]);
    });

    it('counts every outcome when instances report at the same moment', async () => {
      const outcomes = Array.from({ length: 5 }, (_, n) => ok(T + n, 10 * (n + 1)));
      await Promise.all(outcomes.map((outcome, n) => (n % 2 ? first : second).record(claude, outcome)));
      const [listed] = await second.list(T + 10);
      assert.equal(listed.calls, 5);
      assert.equal(listed.p50LatencyMs, 30);
    });
  });
}
