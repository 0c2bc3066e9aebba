import { GatewayError } from '../../core/errors.ts';
import type { RequestLogger } from '../../observability/request-logger.ts';
import { renderRequestLogEntry } from '../../observability/render-request-log-entry.ts';
import { parseDimension } from '../../observability/parse-usage-query.ts';
import type { RequestListQuery } from '../../stores/request-log-store.ts';
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

const MAX_PAGE = 200;
const FILTER_PARAM = /^filter\[(.+)\]$/;
const LIST_PARAMS = new Set(['limit', 'before', 'model', 'provider', 'status', 'account']);

/**
 * `GET /v1/requests` (the caller's account) and `GET /admin/requests` (`?account=…`, or every
 * account): the request log newest first, `limit` (1–200, default 50) at a time; the next page
 * is `before=<last id>`. Filters: `model`, `provider`, `status` (a code, `success` or `error`),
 * `filter[metadata.<k>]=<v>` (any number, ANDed). Bodies are left out; read one request for them.
 */
export function listRequestsHandler(logs: RequestLogger, scope: 'caller' | 'admin'): Handler {
  return async (ctx) => {
    const accountId = scope === 'admin' ? null : ctx.caller?.accountId;
    if (accountId === undefined) throw GatewayError.internal('Request log route without a caller.');
    const query = parseListQuery(ctx.url.searchParams, accountId, scope === 'admin');
    // One more than asked tells whether another page exists.
    const entries = await logs.list({ ...query, limit: query.limit + 1 });
    const data = entries.slice(0, query.limit).map((entry) => ({ ...renderRequestLogEntry(entry), bodies: undefined }));
    sendJson(ctx.res, 200, { object: 'list', data, has_more: entries.length > query.limit });
  };
}

function parseListQuery(params: URLSearchParams, accountId: string | null, admin: boolean): RequestListQuery {
  for (const name of new Set(params.keys())) {
    if ((LIST_PARAMS.has(name) && (name !== 'account' || admin)) || FILTER_PARAM.test(name)) {
      if (params.getAll(name).length > 1) throw GatewayError.invalidRequest(`'${name}' may be given once.`, name);
      continue;
    }
    throw GatewayError.invalidRequest(`Unknown parameter '${name}'. Use limit, before, model, provider, status and filter[metadata.<key>].`, name);
  }
  const limitText = params.get('limit');
  const limit = limitText === null ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw GatewayError.invalidRequest(`'limit' must be an integer from 1 to ${MAX_PAGE}.`, 'limit');
  const statusText = params.get('status') || null;
  let status: RequestListQuery['status'] = null;
  if (statusText === 'success' || statusText === 'error') status = statusText;
  else if (statusText !== null) {
    if (!/^[1-5]\d\d$/.test(statusText)) throw GatewayError.invalidRequest("'status' must be an HTTP status code, 'success' or 'error'.", 'status');
    status = Number(statusText);
  }
  const filters: RequestListQuery['filters'] = [];
  for (const name of ['model', 'provider'] as const) {
    const value = params.get(name);
    if (value) filters.push({ dimension: { kind: name }, value });
  }
  for (const [name, value] of params) {
    const match = FILTER_PARAM.exec(name);
    if (match) filters.push({ dimension: parseDimension(match[1], name), value });
  }
  return { accountId: admin ? params.get('account') || null : accountId, limit, before: params.get('before') || null, status, filters };
}
