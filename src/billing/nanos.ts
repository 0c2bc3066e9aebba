import { GatewayError } from '../core/errors.ts';

/**
 * Money inside Switchyard: an integer count of nano-dollars (1e-9 USD) as a `bigint`. Never a
 * float: prices, costs, holds and balances are all exact, and sums never drift.
 */
export type Nanos = bigint;

/** Nano-dollars in one US dollar. */
export const NANOS_PER_USD = 1_000_000_000n;

const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * The exact nano-dollars of a decimal amount of USD, read from its decimal text: `"12.5"`,
 * `12.5` and `"0.000000001"` work; JSON numbers are read through their shortest decimal form
 * (`String(0.1)` is `"0.1"`), so 0.1 is exactly 100,000,000 nanos and never 0.1000000000000000055.
 * Returns undefined when the text is not a decimal or has more than 9 fractional digits.
 */
export function parseUsdToNanos(amount: string | number): Nanos | undefined {
  const text = typeof amount === 'number' ? numberToDecimalText(amount) : amount.trim();
  if (text === undefined) return undefined;
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > 9) return undefined;
  const nanos = BigInt(whole) * NANOS_PER_USD + BigInt(significant.padEnd(9, '0') || '0');
  return sign === '-' ? -nanos : nanos;
}

/** A finite number's decimal text without exponent notation (`1e-7` → `"0.0000001"`). */
function numberToDecimalText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  const exponent = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exponent) return text;
  const [, sign, whole, fraction = '', power] = exponent;
  const digits = whole + fraction;
  const point = whole.length + Number(power);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Exact decimal USD text of an amount, always with 9 decimals: `12345678901n` → `"12.345678901"`. */
export function formatNanosAsUsd(nanos: Nanos): string {
  const negative = nanos < 0n;
  const magnitude = negative ? -nanos : nanos;
  const whole = magnitude / NANOS_PER_USD;
  const fraction = (magnitude % NANOS_PER_USD).toString().padStart(9, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * A nano-dollar amount as an exact JSON integer (`JSON.rawJSON`), so responses carry integers
 * beyond 2^53 without rounding; JSON.stringify writes it as a bare number.
 */
export function nanosJson(nanos: Nanos): unknown {
  return (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(nanos.toString());
}

/** Largest single top-up the admin API accepts: a typo guard, not a business rule. */
export const MAX_CREDIT_NANOS = 1_000_000_000n * NANOS_PER_USD;

/** Reads a credit amount from the admin API: positive, at most 9 decimals, else a 400. */
export function parseCreditAmount(value: unknown, param = 'amount_usd'): Nanos {
  const nanos = typeof value === 'string' || typeof value === 'number' ? parseUsdToNanos(value) : undefined;
  if (nanos === undefined) {
    throw GatewayError.invalidRequest(`'${param}' must be a decimal amount of USD with at most 9 decimals, as a string ("12.50") or number.`, param);
  }
  if (nanos <= 0n) throw GatewayError.invalidRequest(`'${param}' must be greater than zero.`, param);
  if (nanos > MAX_CREDIT_NANOS) throw GatewayError.invalidRequest(`'${param}' must be at most ${formatNanosAsUsd(MAX_CREDIT_NANOS)}.`, param);
  return nanos;
}
