/** Budgets and rate limits of one gateway key; null means "no limit". Money in nano-dollars. */
export type KeyLimits = {
  keyId: string;
  accountId: string;
  dailyBudgetNanos: bigint | null;
  monthlyBudgetNanos: bigint | null;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  updatedAt: number;
};

/**
 * A spend period: `day:YYYY-MM-DD` or `month:YYYY-MM`, in UTC (`limits/budget-periods.ts`).
 * Spend is counted per key and period, so a budget check is one primary-key read.
 */
export type SpendPeriod = string;

/**
 * Per-key limits and spend counters. Async so SQLite, PostgreSQL and Redis implementations
 * share one interface and one contract test (`key-limits-store.contract.ts`).
 */
export interface KeyLimitsStore {
  /** The key's limits, or undefined when none were ever set. */
  getLimits(keyId: string): Promise<KeyLimits | undefined>;
  /** Replaces the key's limits (all null: no limits). */
  setLimits(limits: KeyLimits): Promise<void>;
  /** Adds spend to each period's counter of the key (atomically per counter). */
  addSpend(keyId: string, periods: readonly SpendPeriod[], amountNanos: bigint): Promise<void>;
  /** The key's spend in a period (0 when nothing was spent). */
  getSpend(keyId: string, period: SpendPeriod): Promise<bigint>;
}
