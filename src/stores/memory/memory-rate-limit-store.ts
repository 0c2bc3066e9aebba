import { rollWindow, slidingCount, type RateLimitStore, type RateLimitStoreOptions, type WindowState } from '../rate-limit-store.ts';

type Counter = { windowStart: number; previous: number; current: number };

/**
 * Rate-limit counters in process memory: exact for one gateway process. Several processes
 * behind a load balancer each count their own share; share counters through Redis there.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #now: () => number;
  readonly #counters = new Map<string, Counter>();
  #operations = 0;

  constructor(options: RateLimitStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  async consume(input: { name: string; windowMs: number; limit: number; amount: number }): Promise<WindowState & { allowed: boolean }> {
    const state = this.#state(input.name, input.windowMs);
    const allowed = slidingCount(state) + input.amount <= input.limit;
    if (allowed) state.current += input.amount;
    this.#save(input.name, state);
    return { ...state, allowed };
  }

  async add(input: { name: string; windowMs: number; amount: number }): Promise<WindowState> {
    const state = this.#state(input.name, input.windowMs);
    state.current += input.amount;
    this.#save(input.name, state);
    return state;
  }

  async peek(input: { name: string; windowMs: number }): Promise<WindowState> {
    return this.#state(input.name, input.windowMs);
  }

  #state(name: string, windowMs: number): WindowState {
    return rollWindow(this.#counters.get(name), windowMs, this.#now());
  }

  #save(name: string, state: WindowState): void {
    this.#counters.set(name, { windowStart: state.windowStart, previous: state.previous, current: state.current });
    // Now and then forget counters idle for two windows, so revoked keys do not pile up.
    if (++this.#operations % 1000 === 0) {
      const now = this.#now();
      for (const [key, counter] of this.#counters) {
        if (counter.windowStart < now - 2 * state.windowMs) this.#counters.delete(key);
      }
    }
  }
}
