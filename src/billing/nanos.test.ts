import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { formatNanosAsUsd, parseCreditAmount, parseUsdToNanos } from './nanos.ts';

test('decimal USD is read exactly, from strings and from numbers’ decimal text', () => {
  assert.equal(parseUsdToNanos('12.345678901'), 12_345_678_901n);
  assert.equal(parseUsdToNanos(0.1), 100_000_000n);
  assert.equal(parseUsdToNanos(0.075), 75_000_000n);
  assert.equal(parseUsdToNanos(1e-7), 100n);
  assert.equal(parseUsdToNanos(1e21), 10n ** 21n * 1_000_000_000n);
  assert.equal(parseUsdToNanos('5'), 5_000_000_000n);
  assert.equal(parseUsdToNanos('0.000000001'), 1n);
  assert.equal(parseUsdToNanos('1.5000000000'), 1_500_000_000n, 'trailing zeros are not precision');
  assert.equal(parseUsdToNanos('-2.5'), -2_500_000_000n);
});

test('more than 9 decimals, or anything not a decimal, is refused', () => {
  for (const bad of ['0.0000000001', 1e-10, '1e3', '', 'abc', '1.2.3', ' ', NaN, Infinity, '0x10']) {
    assert.equal(parseUsdToNanos(bad), undefined, String(bad));
  }
});

test('amounts render as exact decimal strings with 9 places', () => {
  assert.equal(formatNanosAsUsd(12_345_678_901n), '12.345678901');
  assert.equal(formatNanosAsUsd(0n), '0.000000000');
  assert.equal(formatNanosAsUsd(-1n), '-0.000000001');
  assert.equal(formatNanosAsUsd(10n ** 20n), '100000000000.000000000');
});

test('credit amounts must be positive with at most 9 decimals', () => {
  assert.equal(parseCreditAmount('10.00'), 10_000_000_000n);
  for (const bad of ['0', 0, '-1', '0.0000000001', null, true, '1e2']) {
    assert.throws(() => parseCreditAmount(bad), (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === 'amount_usd');
  }
});
