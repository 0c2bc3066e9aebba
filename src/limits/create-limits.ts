import type { Usage } from '../core/usage.ts';
import { formatNanosAsUsd, type Nanos } from '../billing/nanos.ts';
import type { KeyLimits, KeyLimitsStore } from '../stores/key-limits-store.ts';
import { waitUntilFits, slidingCount, type RateLimitStore } from '../stores/rate-limit-store.ts';
import { budgetPeriods, type BudgetPeriod } from './budget-periods.ts';
import { LimitExceededError } from './limit-exceeded-error.ts';
import { rateLimitHeaders } from './rate-limit-headers.ts';

export type LimitsDeps = {
  store: KeyLimitsStore;
  rates: RateLimitStore;
  now?: () => number;
};

export type Limits = ReturnType<typeof createLimits>;

/** A key's limits with what it spent in the current periods, for the admin API. */
export type LimitsSnapshot = {
  limits: KeyLimits | undefined;
  day: BudgetPeriod & { spendNanos: Nanos };
  month: BudgetPeriod & { spendNanos: Nanos };
};

const MINUTE = 60_000;

/**
 * How long a key's limits are reused before they are read again: a read per request was 6 µs of
 * the event loop (docs/benchmarks.md). A change through this instance applies at once; through
 * another instance sharing the database, within this time (as for key revocation).
 */
export const LIMITS_CACHE_MS = 5_000;
const LIMITS_CACHE_SIZE = 10_000;

/**
 * Budgets and rate limits per gateway key, independent of HTTP: `admit` before routing
 * (402 past a budget, 429 past a rate limit), `record` with the usage and cost after the answer.
 * Requests are counted when admitted; tokens after the fact, with the usage the provider
 * reported — a request is admitted while the key's token window is not already over its limit.
 */
export function createLimits(deps: LimitsDeps) {
  const now = deps.now ?? Date.now;
  const requestsCounter = (keyId: string) => ({ name: `requests:${keyId}`, windowMs: MINUTE });
  const tokensCounter = (keyId: string) => ({ name: `tokens:${keyId}`, windowMs: MINUTE });
  const cached = new Map<string, { limits: KeyLimits | undefined; until: number }>();

  async function limitsOf(keyId: string): Promise<KeyLimits | undefined> {
    const at = now();
    const hit = cached.get(keyId);
    if (hit && hit.until > at) return hit.limits;
    const limits = await deps.store.getLimits(keyId);
    // Bounded: a flood of distinct keys starts the cache over rather than growing it.
    if (cached.size >= LIMITS_CACHE_SIZE) cached.clear();
    cached.set(keyId, { limits, until: at + LIMITS_CACHE_MS });
    return limits;
  }

  async function snapshot(keyId: string, known?: KeyLimits): Promise<LimitsSnapshot> {
    const periods = budgetPeriods(now());
    const [limits, daySpend, monthSpend] = await Promise.all([
      known ?? deps.store.getLimits(keyId),
      deps.store.getSpend(keyId, periods.day.period),
      deps.store.getSpend(keyId, periods.month.period),
    ]);
    return { limits, day: { ...periods.day, spendNanos: daySpend }, month: { ...periods.month, spendNanos: monthSpend } };
  }

  return {
    snapshot,

    /** Replaces a key's limits (null: none) and returns them with the current spend. */
    async setLimits(input: Omit<KeyLimits, 'updatedAt'>): Promise<LimitsSnapshot> {
      await deps.store.setLimits({ ...input, updatedAt: now() });
      cached.delete(input.keyId);
      return snapshot(input.keyId);
    },

    /**
     * Admits a request of `keyId` or throws a LimitExceededError: 402 `insufficient_credits`
     * when a budget is spent (the message says when it resets), 429 `rate_limited` past
     * requests_per_minute or tokens_per_minute (with `retryAfterSeconds`). Returns the
     * `x-ratelimit-*` headers for the response. Callers without a key (local mode) are not limited.
     */
    async admit(input: { keyId?: string; accountId: string; estimatedTokens?: number }): Promise<{ headers: Record<string, string> }> {
      if (!input.keyId) return { headers: {} };
      // Most keys have no limits: their spend is not read.
      const limits = await limitsOf(input.keyId);
      if (!limits) return { headers: {} };
      const { day, month } = limits.dailyBudgetNanos === null && limits.monthlyBudgetNanos === null ? noSpendRead : await snapshot(input.keyId, limits);
      for (const [budget, spent, name] of [
        [limits.dailyBudgetNanos, day, 'daily'],
        [limits.monthlyBudgetNanos, month, 'monthly'],
      ] as const) {
        if (budget === null || spent.spendNanos < budget) continue;
        throw new LimitExceededError({
          status: 402,
          code: 'insufficient_credits',
          message:
            `This key's ${name} budget of $${formatNanosAsUsd(budget)} is spent ($${formatNanosAsUsd(spent.spendNanos)} so far). ` +
            `It resets at ${new Date(spent.resetsAt).toISOString()} (UTC).`,
          retryAfterSeconds: Math.ceil((spent.resetsAt - now()) / 1000),
        });
      }

      const headers: Record<string, string> = {};
      if (limits.tokensPerMinute !== null) {
        const state = await deps.rates.peek(tokensCounter(input.keyId));
        Object.assign(headers, rateLimitHeaders('tokens', limits.tokensPerMinute, state));
        if (slidingCount(state) >= limits.tokensPerMinute) {
          throw rateLimited('tokens_per_minute', limits.tokensPerMinute, waitUntilFits(state, limits.tokensPerMinute, 1), headers);
        }
      }
      if (limits.requestsPerMinute !== null) {
        const state = await deps.rates.consume({ ...requestsCounter(input.keyId), limit: limits.requestsPerMinute, amount: 1 });
        Object.assign(headers, rateLimitHeaders('requests', limits.requestsPerMinute, state));
        if (!state.allowed) {
          throw rateLimited('requests_per_minute', limits.requestsPerMinute, waitUntilFits(state, limits.requestsPerMinute, 1), headers);
        }
      }
      return { headers };
    },

    /**
     * Counts a finished request's tokens (input + output) in the key's token window and its cost
     * in the key's day and month spend. Call it for every answered request, streams at their end;
     * `costNanos` null (an unpriced model) or absent counts nothing against budgets.
     */
    async record(input: { keyId?: string; usage?: Usage; costNanos?: Nanos | null }): Promise<void> {
      if (!input.keyId) return;
      const tokens = (input.usage?.inputTokens ?? 0) + (input.usage?.outputTokens ?? 0);
      const cost = input.costNanos ?? 0n;
      const periods = budgetPeriods(now());
      await Promise.all([
        tokens > 0 ? deps.rates.add({ ...tokensCounter(input.keyId), amount: tokens }) : undefined,
        cost > 0n ? deps.store.addSpend(input.keyId, [periods.day.period, periods.month.period], cost) : undefined,
      ]);
    },
  };
}

/** Stands for the spend when no budget needs it. */
const noSpendRead = { day: { spendNanos: 0n, resetsAt: 0 }, month: { spendNanos: 0n, resetsAt: 0 } };

function rateLimited(limit: string, value: number, waitMs: number, headers: Record<string, string>): LimitExceededError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new LimitExceededError({
    status: 429,
    code: 'rate_limited',
    message: `This key's rate limit of ${value} ${limit.replace(/_/g, ' ')} is reached. Retry in ${seconds} s.`,
    retryAfterSeconds: seconds,
    headers,
  });
}
