/** Percentiles of a set of latencies, in milliseconds. */
export type LatencySummary = { count: number; mean: number; p50: number; p90: number; p99: number; max: number };

/** Nearest-rank percentiles: no interpolation, so a p99 is a latency some request really had. */
export function summarise(samples: number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, mean: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count: sorted.length, mean: sum / sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] };
}
