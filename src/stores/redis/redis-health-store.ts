import { claimProbe, closedBreaker, currentPhase, recordOutcome, windowStats, type BreakerPhase, type BreakerState, type CallOutcome } from '../../routing/circuit-breaker.ts';
import type { HealthStore, TargetHealth, TargetKey } from '../../routing/health-store.ts';
import type { BreakerConfig } from '../../routing/reliability-config.ts';
import type { RedisClient } from './open-redis.ts';

/**
 * Sets the breaker's new state only if the stored one is still the state it was computed from
 * (`''` = none yet): compare-and-set, so the breaker rules stay in one place
 * (`routing/circuit-breaker.ts`) instead of being rewritten in Lua.
 */
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
return 1`;

/** Tries before giving up on one update under heavy contention (each retry re-reads the state). */
const MAX_TRIES = 50;

/**
 * Circuit breakers shared by every gateway instance: one breaker per provider+model, its whole
 * state (rolling window included) one JSON value, updated atomically by compare-and-set. Every
 * instance sees a breaker open as soon as any of them tripped it, and the half-open probe is
 * handed to one request across all of them.
 */
export class RedisHealthStore implements HealthStore {
  readonly #redis: RedisClient;
  readonly #config: BreakerConfig;
  readonly #targets: string;
  readonly #prefix: string;

  constructor(options: { redis: RedisClient; prefix: string; config: BreakerConfig }) {
    this.#redis = options.redis;
    this.#config = options.config;
    this.#prefix = `${options.prefix}health:`;
    this.#targets = `${options.prefix}health-targets`;
  }

  async check(key: TargetKey, now: number): Promise<{ state: BreakerPhase; openedAt?: number }> {
    const { state } = await this.#read(key);
    return { state: currentPhase(state, now, this.#config), openedAt: state.openedAt };
  }

  async claimProbe(key: TargetKey, now: number): Promise<boolean> {
    return this.#update(key, (state) => claimProbe(state, now, this.#config));
  }

  async record(key: TargetKey, outcome: CallOutcome): Promise<void> {
    await this.#update(key, (state) => recordOutcome(state, outcome, this.#config));
  }

  async list(now: number): Promise<TargetHealth[]> {
    const targets = Object.values(await this.#redis.hgetall(this.#targets)).map((json) => JSON.parse(json) as TargetKey);
    const states = targets.length === 0 ? [] : await this.#redis.mget(targets.map((target) => this.#keyOf(target)));
    return targets
      .map((key, index) => {
        const state = states[index] ? (JSON.parse(states[index]) as BreakerState) : closedBreaker();
        return {
          ...key,
          state: currentPhase(state, now, this.#config),
          ...windowStats(state),
          ...(state.openedAt !== undefined && state.phase !== 'closed' ? { openedAt: new Date(state.openedAt).toISOString() } : {}),
          ...(state.lastError ? { lastError: { ...state.lastError, at: new Date(state.lastError.at).toISOString() } } : {}),
        };
      })
      .sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  }

  /** Applies `change` atomically; false when it declined (returned undefined). */
  async #update(key: TargetKey, change: (state: BreakerState) => BreakerState | undefined): Promise<boolean> {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const { state, raw } = await this.#read(key);
      const next = change(state);
      if (!next) return false;
      const id = idOf(key);
      const set = await this.#redis.eval(COMPARE_AND_SET, 2, this.#keyOf(key), this.#targets, raw, JSON.stringify(next), id, JSON.stringify(key));
      if (set === 1) return true;
    }
    throw new Error(`Breaker state of ${key.provider}/${key.model} changed ${MAX_TRIES} times while updating it.`);
  }

  async #read(key: TargetKey): Promise<{ state: BreakerState; raw: string }> {
    const raw = (await this.#redis.get(this.#keyOf(key))) ?? '';
    return { state: raw ? (JSON.parse(raw) as BreakerState) : closedBreaker(), raw };
  }

  #keyOf(key: TargetKey): string {
    return `${this.#prefix}${idOf(key)}`;
  }
}

const idOf = (key: TargetKey): string => `${key.provider.length}:${key.provider}:${key.model}`;
