import type { RateLimitStore, RateLimitStoreOptions, WindowState } from '../rate-limit-store.ts';
import type { RedisClient } from './open-redis.ts';

/**
 * One counter's two fixed windows, rolled forward to `now` and changed atomically:
 * ARGV = now, windowMs, limit (-1: no limit, for `add`), amount (0: peek). The rolling follows
 * `rollWindow` in rate-limit-store.ts; a window start ahead of this caller's (another instance's
 * clock runs ahead) is kept rather than rolled back. Numbers go back as strings: Lua replies
 * truncate to integers.
 */
const COUNT = `
local now, windowMs, limit, amount = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local start = math.floor(now / windowMs) * windowMs
local stored = redis.call('HMGET', KEYS[1], 'windowStart', 'previous', 'current')
local previous, current = 0, 0
if stored[1] then
  local storedStart = tonumber(stored[1])
  if storedStart >= start then start, previous, current = storedStart, tonumber(stored[2]), tonumber(stored[3])
  elseif storedStart == start - windowMs then previous = tonumber(stored[3]) end
end
local allowed = 1
if limit >= 0 then
  local elapsed = math.max(0, math.min(1, (now - start) / windowMs))
  if previous * (1 - elapsed) + current + amount > limit then allowed = 0 end
end
if allowed == 1 and amount > 0 then
  current = current + amount
  redis.call('HSET', KEYS[1], 'windowStart', start, 'previous', previous, 'current', current)
  redis.call('PEXPIRE', KEYS[1], 2 * windowMs + 60000)
end
local f = '%.17g'
return {string.format(f, start), string.format(f, previous), string.format(f, current), allowed}`;

/**
 * Sliding-window rate-limit counters shared by every gateway instance, one Lua script per
 * call so concurrent consumers on any instance never admit past the limit.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: { redis: RedisClient; prefix: string } & RateLimitStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = `${options.prefix}rate:`;
    this.#now = options.now ?? Date.now;
  }

  async consume(input: { name: string; windowMs: number; limit: number; amount: number }): Promise<WindowState & { allowed: boolean }> {
    return this.#count(input.name, input.windowMs, input.limit, input.amount);
  }

  async add(input: { name: string; windowMs: number; amount: number }): Promise<WindowState> {
    const { allowed: _, ...state } = await this.#count(input.name, input.windowMs, -1, input.amount);
    return state;
  }

  async peek(input: { name: string; windowMs: number }): Promise<WindowState> {
    const { allowed: _, ...state } = await this.#count(input.name, input.windowMs, -1, 0);
    return state;
  }

  async #count(name: string, windowMs: number, limit: number, amount: number): Promise<WindowState & { allowed: boolean }> {
    const at = this.#now();
    const [windowStart, previous, current, allowed] = (await this.#redis.eval(COUNT, 1, `${this.#prefix}${windowMs}:${name}`, at, windowMs, limit, amount)) as [string, string, string, number];
    return { windowMs, windowStart: Number(windowStart), previous: Number(previous), current: Number(current), at, allowed: allowed === 1 };
  }
}
