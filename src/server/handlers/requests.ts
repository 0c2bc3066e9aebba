import { GatewayError } from '../../core/errors.ts';
import type { RequestLogger } from '../../observability/request-logger.ts';
import { renderRequestLogEntry } from '../../observability/render-request-log-entry.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

/**
 * `GET /v1/requests/:id` (scope `caller`: only the caller's own account's requests) and
 * `GET /admin/requests/:id` (scope `admin`: any account). Someone else's request is a 404,
 * exactly like one that does not exist, so ids leak nothing.
 */
export function getRequestHandler(logs: RequestLogger, scope: 'caller' | 'admin'): Handler {
  return async (ctx) => {
    const accountId = scope === 'admin' ? null : ctx.caller?.accountId;
    if (accountId === undefined) throw GatewayError.internal('Request log route without a caller.');
    const entry = await logs.get(ctx.params.id, accountId);
    if (!entry) throw new GatewayError({ status: 404, code: 'not_found', message: `No request '${ctx.params.id}'.` });
    sendJson(ctx.res, 200, renderRequestLogEntry(entry));
  };
}
