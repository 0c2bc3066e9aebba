import type { BreakerConfig } from './reliability-config.ts';

export type BreakerPhase = 'closed' | 'open' | 'half_open';

/** One call's result as the breaker sees it: only retryable failures count against a provider. */
export type CallOutcome = { ok: boolean; latencyMs: number; at: number; error?: { status: number; message: string } };

/** The breaker of one provider+model. Plain data, so a shared store (Redis) can hold it as is. */
export type BreakerState = {
  phase: BreakerPhase;
  /** The last `windowSize` outcomes, oldest first. */
  window: Array<{ ok: boolean; latencyMs: number }>;
  consecutiveFailures: number;
  openedAt?: number;
  /** When the half-open probe was handed out; a probe that never reports back expires after a cool-down. */
  probeAt?: number;
  lastError?: { status: number; message: string; at: number };
};

export const closedBreaker = (): BreakerState => ({ phase: 'closed', window: [], consecutiveFailures: 0 });

/** The phase as of `now`: an open breaker whose cool-down has passed is half-open. */
export function currentPhase(state: BreakerState, now: number, config: BreakerConfig): BreakerPhase {
  if (state.phase === 'open' && state.openedAt !== undefined && now - state.openedAt >= config.coolDownMs) return 'half_open';
  return state.phase;
}

/** Hands out the half-open probe, once per cool-down; returns the new state, or undefined when none is available. */
export function claimProbe(state: BreakerState, now: number, config: BreakerConfig): BreakerState | undefined {
  if (currentPhase(state, now, config) !== 'half_open') return undefined;
  if (state.probeAt !== undefined && now - state.probeAt < config.coolDownMs) return undefined;
  return { ...state, phase: 'half_open', probeAt: now };
}

/**
 * Folds one outcome in. Closed: opens on `consecutiveFailures` failures in a row, or when the
 * error rate over a full-enough window reaches the threshold. Half-open: the probe's success
 * closes it with a clean window; its failure opens it for another cool-down.
 */
export function recordOutcome(state: BreakerState, outcome: CallOutcome, config: BreakerConfig): BreakerState {
  const lastError = outcome.error ? { ...outcome.error, at: outcome.at } : state.lastError;
  const window = [...state.window, { ok: outcome.ok, latencyMs: outcome.latencyMs }].slice(-config.windowSize);
  const consecutiveFailures = outcome.ok ? 0 : state.consecutiveFailures + 1;
  const phase = currentPhase(state, outcome.at, config);

  if (phase === 'half_open' || phase === 'open') {
    if (outcome.ok) return { phase: 'closed', window: [{ ok: true, latencyMs: outcome.latencyMs }], consecutiveFailures: 0, lastError };
    // A late failure from a call started before the breaker opened keeps the original opening time.
    const openedAt = phase === 'half_open' ? outcome.at : (state.openedAt ?? outcome.at);
    return { phase: 'open', window, consecutiveFailures, openedAt, lastError };
  }
  const failures = window.filter((entry) => !entry.ok).length;
  const trips =
    consecutiveFailures >= config.consecutiveFailures || (window.length >= config.minCalls && failures / window.length >= config.errorRateThreshold);
  if (!outcome.ok && trips) return { phase: 'open', window, consecutiveFailures, openedAt: outcome.at, lastError };
  return { phase: 'closed', window, consecutiveFailures, lastError };
}

/** Error rate and median latency of successful calls over the window. */
export function windowStats(state: BreakerState): { calls: number; errorRate: number; p50LatencyMs?: number } {
  const calls = state.window.length;
  const failures = state.window.filter((entry) => !entry.ok).length;
  const latencies = state.window.filter((entry) => entry.ok).map((entry) => entry.latencyMs).sort((a, b) => a - b);
  const p50LatencyMs = latencies.length > 0 ? latencies[Math.floor((latencies.length - 1) / 2)] : undefined;
  return { calls, errorRate: calls === 0 ? 0 : failures / calls, p50LatencyMs };
}
