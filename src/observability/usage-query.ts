/** What usage can be grouped or filtered by: the serving model, provider, gateway key, or one metadata key. */
export type UsageDimension = { kind: 'model' } | { kind: 'provider' } | { kind: 'key' } | { kind: 'metadata'; key: string };

export type UsageInterval = 'hour' | 'day';

/** A usage question, validated (see `parse-usage-query.ts`). Times are ms since the epoch; `to` is exclusive. */
export type UsageQuery = {
  /** The account whose usage is summed; null sums every account (admin only). */
  accountId: string | null;
  groupBy: UsageDimension | null;
  from: number | null;
  to: number | null;
  interval: UsageInterval | null;
  /** All must hold (AND). Metadata values compare as text (`metadataValueText`). */
  filters: Array<{ dimension: UsageDimension; value: string }>;
};

/** Sums over a set of logged requests. */
export type UsageTotals = {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Sum of the known costs, in nano-dollars. */
  costNanos: number;
  /** Requests whose cost is unknown (not in `costNanos`). */
  unpricedRequests: number;
  /** Requests answered with a status of 400 or more. */
  errors: number;
};

/** One group (and time bucket, when an interval was asked for). `group` is null for requests without a value. */
export type UsageRow = UsageTotals & { group: string | null; bucket: number | null };

/** Rows ordered by bucket, then group (nulls last); `total` covers every matching request. */
export type UsageReport = { rows: UsageRow[]; total: UsageTotals };

export const INTERVAL_MS: Record<UsageInterval, number> = { hour: 3_600_000, day: 86_400_000 };

export const emptyTotals = (): UsageTotals => ({
  requests: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  costNanos: 0,
  unpricedRequests: 0,
  errors: 0,
});
