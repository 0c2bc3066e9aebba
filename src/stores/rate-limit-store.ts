/**
 * Sliding-window counters for rate limits. A window's count is approximated from two fixed
 * windows, the previous one weighted by how much of it still overlaps the sliding window:
 * `used = previous × (1 − elapsed/window) + current` (Cloudflare's sliding window counter).
 * Two integers per counter, so a Redis implementation is one small script.
 */
export interface RateLimitStore {
  /**
   * Adds `amount` to the counter when the sliding count plus `amount` stays within `limit`
   * (atomically: concurrent calls never admit past the limit); otherwise adds nothing.
   */
  consume(input: { name: string; windowMs: number; limit: number; amount: number }): Promise<WindowState & { allowed: boolean }>;
  /** Adds `amount` whatever the count (usage known after the fact) and returns the state after. */
  add(input: { name: string; windowMs: number; amount: number }): Promise<WindowState>;
  /** The counter's state without changing it. */
  peek(input: { name: string; windowMs: number }): Promise<WindowState>;
}

/** A counter's two fixed windows at one instant. */
export type WindowState = {
  windowMs: number;
  /** Start of the current fixed window, ms since the epoch. */
  windowStart: number;
  previous: number;
  current: number;
  /** The instant the state describes. */
  at: number;
};

export type RateLimitStoreOptions = {
  /** The clock, in milliseconds since the epoch. Defaults to Date.now. */
  now?: () => number;
};

/** The sliding count: the previous window's share that still overlaps, plus the current window. */
export function slidingCount(state: WindowState): number {
  const elapsed = (state.at - state.windowStart) / state.windowMs;
  return state.previous * (1 - elapsed) + state.current;
}

/**
 * Whole milliseconds (rounded up) until `amount` more would fit under `limit`: 0 when it fits
 * now, Infinity when it never can (more than the limit at once).
 */
export function waitUntilFits(state: WindowState, limit: number, amount: number): number {
  // A float hair above the exact instant is worth one millisecond, not a refusal loop.
  return Math.max(0, Math.ceil(exactWait(state, limit, amount) - 1e-6));
}

function exactWait(state: WindowState, limit: number, amount: number): number {
  if (amount > limit) return Infinity;
  if (slidingCount(state) + amount <= limit) return 0;
  const { windowMs, windowStart, at, previous, current } = state;
  const elapsed = (at - windowStart) / windowMs;
  if (current + amount <= limit) {
    // Within this window: wait for the previous window's share to decay enough.
    const needed = 1 - (limit - current - amount) / previous;
    return Math.max(0, (needed - elapsed) * windowMs);
  }
  // Into the next window, where today's count becomes the decaying one.
  const needed = current === 0 ? 0 : Math.max(0, 1 - (limit - amount) / current);
  return (1 - elapsed) * windowMs + needed * windowMs;
}

/** Milliseconds until the counter is back to zero: what `x-ratelimit-reset-*` reports. */
export function untilEmpty(state: WindowState): number {
  const rest = state.windowStart + state.windowMs - state.at;
  if (state.current > 0) return rest + state.windowMs;
  if (state.previous > 0) return rest;
  return 0;
}

/** Rolls stored fixed windows forward to the window containing `at`. */
export function rollWindow(stored: { windowStart: number; previous: number; current: number } | undefined, windowMs: number, at: number): WindowState {
  const windowStart = Math.floor(at / windowMs) * windowMs;
  if (!stored || stored.windowStart < windowStart - windowMs) return { windowMs, windowStart, previous: 0, current: 0, at };
  if (stored.windowStart === windowStart) return { windowMs, windowStart, previous: stored.previous, current: stored.current, at };
  return { windowMs, windowStart, previous: stored.current, current: 0, at };
}
