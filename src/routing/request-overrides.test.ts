import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { defaultReliabilityConfig } from './reliability-config.ts';
import { readRequestOverrides } from './request-overrides.ts';

test('per-request headers override the configured attempts and per-attempt timeout', () => {
  assert.deepEqual(readRequestOverrides({}, defaultReliabilityConfig), { maxAttempts: 4, firstByteTimeoutMs: 30_000, responseTimeoutMs: 120_000 });
  assert.deepEqual(readRequestOverrides({ 'x-switchyard-max-attempts': '2', 'x-switchyard-timeout-ms': '1500' }, defaultReliabilityConfig), {
    maxAttempts: 2,
    firstByteTimeoutMs: 1500,
    responseTimeoutMs: 1500,
  });
});

test('max attempts is capped; malformed values are a 400 naming the header', () => {
  assert.equal(readRequestOverrides({ 'x-switchyard-max-attempts': '500' }, defaultReliabilityConfig).maxAttempts, 10);
  for (const value of ['0', '-1', 'soon', '1.5']) {
    assert.throws(
      () => readRequestOverrides({ 'x-switchyard-timeout-ms': value }, defaultReliabilityConfig),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === 'x-switchyard-timeout-ms',
    );
  }
});
