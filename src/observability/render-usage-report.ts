import { nanosToUsd } from './format-nanos.ts';
import type { UsageReport, UsageTotals } from './usage-query.ts';

function renderTotals(totals: UsageTotals) {
  return {
    requests: totals.requests,
    input_tokens: totals.inputTokens,
    output_tokens: totals.outputTokens,
    cached_tokens: totals.cachedReadTokens,
    cache_write_tokens: totals.cacheWriteTokens,
    reasoning_tokens: totals.reasoningTokens,
    cost_usd: nanosToUsd(totals.costNanos),
    cost_nanos: totals.costNanos,
    unpriced_requests: totals.unpricedRequests,
    errors: totals.errors,
  };
}

/** The JSON body of `GET /v1/usage`: snake_case, cost as an exact USD string beside the integer nanos. */
export function renderUsageReport(report: UsageReport, query: { interval: string | null; groupBy: unknown }) {
  return {
    object: 'usage',
    data: report.rows.map((row) => ({
      ...(query.groupBy !== null ? { group: row.group } : {}),
      ...(query.interval !== null && row.bucket !== null ? { bucket: new Date(row.bucket).toISOString() } : {}),
      ...renderTotals(row),
    })),
    total: renderTotals(report.total),
  };
}
