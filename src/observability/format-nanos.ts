/**
 * Nano-dollars as a decimal USD string with all nine places (`1234567` → `"0.001234567"`), exact:
 * money is never rounded through a float on its way out.
 */
export function nanosToUsd(nanos: number | bigint): string {
  const value = typeof nanos === 'bigint' ? nanos : BigInt(Math.round(nanos));
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(10, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -9)}.${digits.slice(-9)}`;
}
