import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { claimProbe, closedBreaker, currentPhase, recordOutcome, windowStats, type BreakerState } from './circuit-breaker.ts';
import { InMemoryHealthStore } from './health-store.ts';

const config = { windowSize: 10, minCalls: 4, errorRateThreshold: 0.5, consecutiveFailures: 3, coolDownMs: 1000 };
const ok = (at: number, latencyMs = 100) => ({ ok: true, latencyMs, at });
const failed = (at: number) => ({ ok: false, latencyMs: 50, at, error: { status: 500, message: 'boom' } });
const fold = (outcomes: Array<ReturnType<typeof ok> | ReturnType<typeof failed>>, state: BreakerState = closedBreaker()) =>
  outcomes.reduce((current, outcome) => recordOutcome(current, outcome, config), state);

describe('circuit breaker', () => {
  test('opens after consecutive failures', () => {
    assert.equal(fold([failed(1), failed(2)]).phase, 'closed');
    const open = fold([failed(1), failed(2), failed(3)]);
    assert.equal(open.phase, 'open');
    assert.equal(open.openedAt, 3);
  });

  test('opens when the error rate over a full-enough window reaches the threshold', () => {
    assert.equal(fold([ok(1), failed(2), ok(3)]).phase, 'closed', 'too few calls to judge');
    assert.equal(fold([ok(1), failed(2), ok(3), failed(4)]).phase, 'open');
  });

  test('turns half-open after the cool-down, hands out one probe, closes on its success', () => {
    const open = fold([failed(0), failed(0), failed(0)]);
    assert.equal(currentPhase(open, 999, config), 'open');
    assert.equal(currentPhase(open, 1000, config), 'half_open');
    assert.equal(claimProbe(open, 999, config), undefined);
    const probing = claimProbe(open, 1000, config)!;
    assert.equal(claimProbe(probing, 1001, config), undefined, 'one probe at a time');
    const closed = recordOutcome(probing, ok(1100), config);
    assert.equal(closed.phase, 'closed');
    assert.deepEqual(windowStats(closed), { calls: 1, errorRate: 0, p50LatencyMs: 100 });
  });

  test('a failed probe opens it for another cool-down', () => {
    const probing = claimProbe(fold([failed(0), failed(0), failed(0)]), 1000, config)!;
    const reopened = recordOutcome(probing, failed(1100), config);
    assert.equal(reopened.phase, 'open');
    assert.equal(reopened.openedAt, 1100);
    assert.equal(currentPhase(reopened, 2000, config), 'open');
  });

  test('window stats: error rate and the median latency of successes', () => {
    const state = fold([ok(1, 300), ok(2, 100), failed(3), ok(4, 200)]);
    assert.deepEqual(windowStats(state), { calls: 4, errorRate: 0.25, p50LatencyMs: 200 });
  });
});

describe('InMemoryHealthStore', () => {
  test('lists every provider+model it has seen, with its breaker', async () => {
    const store = new InMemoryHealthStore(config);
    const key = { provider: 'anthropic', model: 'claude-x' };
    for (let i = 0; i < 3; i++) await store.record(key, failed(Date.UTC(2025, 0, 1)));
    await store.record({ provider: 'google', model: 'gemini-x' }, ok(0));
    assert.deepEqual(await store.check(key, Date.UTC(2025, 0, 1)), { state: 'open', openedAt: Date.UTC(2025, 0, 1) });
    const [anthropic, google] = await store.list(Date.UTC(2025, 0, 1));
    assert.equal(anthropic.state, 'open');
    assert.equal(anthropic.errorRate, 1);
    assert.equal(anthropic.openedAt, '2025-01-01T00:00:00.000Z');
    assert.deepEqual(anthropic.lastError, { status: 500, message: 'boom', at: '2025-01-01T00:00:00.000Z' });
    assert.equal(google.state, 'closed');
    assert.equal(await store.claimProbe(key, Date.UTC(2025, 0, 1) + 1000), true);
    assert.equal(await store.claimProbe(key, Date.UTC(2025, 0, 1) + 1001), false);
  });
});
