import type { ReliabilityConfig } from './reliability-config.ts';

/** What the runner knows about one candidate target between attempts. */
export type CandidateState = {
  /** Retryable failures on this target during this request. */
  failures: number;
  lastFailedAt?: number;
  /** The provider's `retry-after` from its last failure, in ms. */
  retryAfterMs?: number;
  /** Never to be tried again in this request (asked to wait too long, or refused by its breaker). */
  excluded?: boolean;
};

export type RetryBudget = {
  /** Upstream calls made so far. */
  attemptsMade: number;
  maxAttempts: number;
  /** Absolute time (ms) after which no new attempt starts. */
  deadline: number;
};

export type NextStep =
  | { kind: 'try'; index: number; waitMs: number }
  | { kind: 'give_up'; reason: 'attempts' | 'deadline' | 'exhausted' };

type PolicyConfig = Pick<ReliabilityConfig, 'backoffBaseMs' | 'backoffCapMs' | 'maxRetryWaitMs'>;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): a uniform wait in [0, min(cap, base·2^(n-1))] before the n-th retry, so clients
 * that failed together do not retry together.
 */
export function backoffDelay(retry: number, config: PolicyConfig, random: () => number): number {
  const ceiling = Math.min(config.backoffCapMs, config.backoffBaseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Which candidate to try next and how long to wait first. Candidates are in preference order
 * (models in the order asked, each model's providers in catalog/preference order).
 *
 * 1. Every candidate is tried once, in order, without waiting: another provider is another
 *    chance, not a retry.
 * 2. Then retries: the least-failed candidate first (preference order among equals), after a
 *    jittered backoff or the provider's own `retry-after`, whichever is longer. A candidate
 *    whose wait would pass the deadline, or that asks for more than `maxRetryWaitMs`, is
 *    passed over for the next one instead of waited for.
 * Pure: the clock and the random source come in as arguments.
 */
export function nextStep(candidates: readonly CandidateState[], budget: RetryBudget, now: number, random: () => number, config: PolicyConfig): NextStep {
  if (budget.attemptsMade >= budget.maxAttempts) return { kind: 'give_up', reason: 'attempts' };
  const remaining = budget.deadline - now;
  if (remaining <= 0) return { kind: 'give_up', reason: 'deadline' };

  const fresh = candidates.findIndex((candidate) => !candidate.excluded && candidate.failures === 0);
  if (fresh >= 0) return { kind: 'try', index: fresh, waitMs: 0 };

  const order = candidates
    .map((candidate, index) => ({ candidate, index }))
    .filter(({ candidate }) => !candidate.excluded)
    .sort((a, b) => a.candidate.failures - b.candidate.failures || a.index - b.index);
  let blockedByDeadline = false;
  for (const { candidate, index } of order) {
    const askedMs = candidate.retryAfterMs ?? 0;
    if (askedMs > config.maxRetryWaitMs) continue;
    const askedLeft = Math.max(0, (candidate.lastFailedAt ?? now) + askedMs - now);
    const waitMs = Math.max(backoffDelay(candidate.failures, config, random), askedLeft);
    if (waitMs >= remaining) {
      blockedByDeadline = true;
      continue;
    }
    return { kind: 'try', index, waitMs };
  }
  return { kind: 'give_up', reason: blockedByDeadline ? 'deadline' : 'exhausted' };
}
