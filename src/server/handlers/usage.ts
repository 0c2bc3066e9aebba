import { GatewayError } from '../../core/errors.ts';
import { parseUsageQuery } from '../../observability/parse-usage-query.ts';
import type { RequestLogger } from '../../observability/request-logger.ts';
import { renderUsageReport } from '../../observability/render-usage-report.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

/**
 * `GET /v1/usage` (scope `caller`: the caller's account) and `GET /admin/usage` (scope `admin`:
 * `?account=…`, or every account when omitted). Parameters: docs/observability.md.
 */
export function usageHandler(logs: RequestLogger, scope: 'caller' | 'admin'): Handler {
  return async (ctx) => {
    const accountId = scope === 'admin' ? null : ctx.caller?.accountId;
    if (accountId === undefined) throw GatewayError.internal('Usage route without a caller.');
    const query = parseUsageQuery(ctx.url.searchParams, { accountId, allowAccount: scope === 'admin' });
    sendJson(ctx.res, 200, renderUsageReport(await logs.queryUsage(query), query));
  };
}
