import type { BreakerConfig } from './reliability-config.ts';
import { claimProbe, closedBreaker, currentPhase, recordOutcome, windowStats, type BreakerPhase, type BreakerState, type CallOutcome } from './circuit-breaker.ts';

/** A provider serving one upstream model: the unit a breaker watches. */
export type TargetKey = { provider: string; model: string };

export type TargetHealth = TargetKey & {
  state: BreakerPhase;
  calls: number;
  errorRate: number;
  p50LatencyMs?: number;
  openedAt?: string;
  lastError?: { status: number; message: string; at: string };
};

/**
 * Where breaker state lives. Async so that a shared implementation (Redis, for several
 * gateway instances) fits the same calls; the in-memory one serves a single process.
 */
export interface HealthStore {
  /** The breaker's phase now, and when it opened. */
  check(key: TargetKey, now: number): Promise<{ state: BreakerPhase; openedAt?: number }>;
  /** Takes the half-open breaker's single probe; false when another request holds it. */
  claimProbe(key: TargetKey, now: number): Promise<boolean>;
  record(key: TargetKey, outcome: CallOutcome): Promise<void>;
  list(now: number): Promise<TargetHealth[]>;
}

export class InMemoryHealthStore implements HealthStore {
  readonly #config: BreakerConfig;
  readonly #states = new Map<string, { key: TargetKey; state: BreakerState }>();

  constructor(config: BreakerConfig) {
    this.#config = config;
  }

  async check(key: TargetKey, now: number): Promise<{ state: BreakerPhase; openedAt?: number }> {
    const state = this.#get(key);
    return { state: currentPhase(state, now, this.#config), openedAt: state.openedAt };
  }

  async claimProbe(key: TargetKey, now: number): Promise<boolean> {
    const next = claimProbe(this.#get(key), now, this.#config);
    if (next) this.#set(key, next);
    return next !== undefined;
  }

  async record(key: TargetKey, outcome: CallOutcome): Promise<void> {
    this.#set(key, recordOutcome(this.#get(key), outcome, this.#config));
  }

  async list(now: number): Promise<TargetHealth[]> {
    return [...this.#states.values()]
      .map(({ key, state }) => ({
        ...key,
        state: currentPhase(state, now, this.#config),
        ...windowStats(state),
        ...(state.openedAt !== undefined && state.phase !== 'closed' ? { openedAt: new Date(state.openedAt).toISOString() } : {}),
        ...(state.lastError ? { lastError: { ...state.lastError, at: new Date(state.lastError.at).toISOString() } } : {}),
      }))
      .sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  }

  #get(key: TargetKey): BreakerState {
    return this.#states.get(idOf(key))?.state ?? closedBreaker();
  }

  #set(key: TargetKey, state: BreakerState): void {
    this.#states.set(idOf(key), { key, state });
  }
}

const idOf = (key: TargetKey): string => `${key.provider}\u0000${key.model}`;
