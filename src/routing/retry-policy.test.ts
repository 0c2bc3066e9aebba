import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, nextStep, type CandidateState } from './retry-policy.ts';

const config = { backoffBaseMs: 200, backoffCapMs: 5000, maxRetryWaitMs: 5000 };
const budget = (attemptsMade: number, deadline = 120_000) => ({ attemptsMade, maxAttempts: 4, deadline });
const always = (value: number) => () => value;

describe('backoffDelay: exponential with full jitter', () => {
  test('the ceiling doubles from the base and stops at the cap', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map((retry) => backoffDelay(retry, config, always(0.999999))), [199, 399, 799, 1599, 3199, 4999, 4999]);
  });
  test('the wait is uniform below the ceiling', () => {
    assert.equal(backoffDelay(3, config, always(0)), 0);
    assert.equal(backoffDelay(3, config, always(0.5)), 400);
  });
});

describe('nextStep', () => {
  test('tries every candidate once, in order, without waiting', () => {
    const states: CandidateState[] = [{ failures: 1, lastFailedAt: 0 }, { failures: 0 }, { failures: 0 }];
    assert.deepEqual(nextStep(states, budget(1), 10, always(0.5), config), { kind: 'try', index: 1, waitMs: 0 });
  });

  test('then retries the least-failed candidate after a jittered backoff', () => {
    const states: CandidateState[] = [{ failures: 2, lastFailedAt: 0 }, { failures: 1, lastFailedAt: 5 }];
    assert.deepEqual(nextStep(states, budget(3), 10, always(0.5), config), { kind: 'try', index: 1, waitMs: 100 });
  });

  test("waits out the provider's retry-after when it is longer than the backoff", () => {
    const states: CandidateState[] = [{ failures: 1, lastFailedAt: 1000, retryAfterMs: 1000 }];
    assert.deepEqual(nextStep(states, budget(1), 1200, always(0.5), config), { kind: 'try', index: 0, waitMs: 800 });
  });

  test('passes over a candidate whose retry-after outlasts the deadline, for the next one', () => {
    const states: CandidateState[] = [{ failures: 1, lastFailedAt: 0, retryAfterMs: 3000 }, { failures: 1, lastFailedAt: 0 }];
    assert.deepEqual(nextStep(states, budget(2, 2000), 0, always(0.5), config), { kind: 'try', index: 1, waitMs: 100 });
    assert.deepEqual(nextStep([states[0]], budget(1, 2000), 0, always(0.5), config), { kind: 'give_up', reason: 'deadline' });
  });

  test('never waits longer than maxRetryWaitMs', () => {
    const states: CandidateState[] = [{ failures: 1, lastFailedAt: 0, retryAfterMs: 60_000 }];
    assert.deepEqual(nextStep(states, budget(1), 0, always(0.5), config), { kind: 'give_up', reason: 'exhausted' });
  });

  test('gives up when the attempts are spent, the deadline passed, or every candidate is excluded', () => {
    assert.deepEqual(nextStep([{ failures: 0 }], budget(4), 0, always(0), config), { kind: 'give_up', reason: 'attempts' });
    assert.deepEqual(nextStep([{ failures: 0 }], budget(0, 100), 100, always(0), config), { kind: 'give_up', reason: 'deadline' });
    assert.deepEqual(nextStep([{ failures: 0, excluded: true }], budget(0), 0, always(0), config), { kind: 'give_up', reason: 'exhausted' });
  });
});
