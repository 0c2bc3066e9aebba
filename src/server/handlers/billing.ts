import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import { createBilling, type Billing } from '../../billing/create-billing.ts';
import { resolveBillingSettings, type BillingConfigInput, type BillingSettings } from '../../billing/billing-config.ts';
import { formatNanosAsUsd, nanosJson, parseCreditAmount, parseUsdToNanos } from '../../billing/nanos.ts';
import { renderStatementCsv } from '../../billing/render-statement-csv.ts';
import { createWebhookSender } from '../../billing/webhook-sender.ts';
import type { AccountStore } from '../../stores/account-store.ts';
import type { LedgerEntry, LedgerStore, WalletBalance } from '../../stores/ledger-store.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

type BillingStores = { accounts: AccountStore; ledger: LedgerStore };
type BillingAppConfig = { adminKey?: string; bodyLimitBytes: number; billing?: BillingConfigInput; webhookSecret?: string };

export type BillingApi = { billing: Billing; settings: BillingSettings; handlers: ReturnType<typeof billingHandlers> };

const perStores = new WeakMap<object, BillingApi>();

/**
 * The gateway's one Billing (and its HTTP handlers) for these stores, created on first use, so
 * route lines and the inference path share it: `billingApi(stores, config).billing`.
 */
export function billingApi(stores: BillingStores, config: BillingAppConfig, log?: (line: string) => void): BillingApi {
  const existing = perStores.get(stores);
  if (existing) return existing;
  const settings = resolveBillingSettings(config);
  const billing = createBilling({
    ledger: stores.ledger,
    enabled: settings.enabled,
    holdTtlMs: settings.holdTtlMs,
    webhooks: createWebhookSender({ log }),
    webhookSecret: settings.webhookSecret,
    log,
  });
  const api = { billing, settings, handlers: billingHandlers({ ...stores, billing, settings, bodyLimitBytes: config.bodyLimitBytes }) };
  perStores.set(stores, api);
  return api;
}

const creditBody = z.object({
  amount_usd: z.union([z.string(), z.number()]),
  idempotency_key: z.string().trim().min(1).max(200),
  description: z.string().max(500).optional(),
});

const alertBody = z.object({
  low_balance_usd: z.union([z.string(), z.number()]),
  webhook_url: z.url({ protocol: /^https?$/ }),
});

const MAX_LEDGER_PAGE = 500;

/** Wallet, ledger, statements, credits and low-balance alerts over HTTP. */
export function billingHandlers(deps: BillingStores & { billing: Billing; settings: BillingSettings; bodyLimitBytes: number }) {
  const requireAccount = async (id: string) => {
    if (!(await deps.accounts.getAccount(id))) throw new GatewayError({ status: 404, code: 'not_found', message: `No account '${id}'.` });
  };

  /** POST /admin/accounts/:id/credits — 201 with the new entry, or 200 with the first one for a repeated idempotency key. */
  const addCredits: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    const raw = parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes));
    const parsed = creditBody.safeParse(raw);
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? 'amount_usd');
      throw GatewayError.invalidRequest(`Body must be {"amount_usd": "12.50", "idempotency_key": "<unique string>", "description"?: "..."}; '${field}' is missing or invalid.`, field);
    }
    const amountNanos = parseCreditAmount(parsed.data.amount_usd);
    const { entry, created, wallet } = await deps.billing.credit({
      accountId: ctx.params.id,
      amountNanos,
      idempotencyKey: parsed.data.idempotency_key,
      description: parsed.data.description,
    });
    sendJson(ctx.res, created ? 201 : 200, { entry: renderEntry(entry), ...renderWallet(wallet) });
  };

  /** GET /v1/wallet — the caller's own balance. */
  const wallet: Handler = async (ctx) => {
    const accountId = ctx.caller?.accountId ?? 'local';
    sendJson(ctx.res, 200, { object: 'wallet', account_id: accountId, billing_enabled: deps.settings.enabled, ...renderWallet(await deps.ledger.wallet(accountId)) });
  };

  /** GET /admin/accounts/:id/ledger?limit&before — entries newest first. */
  const ledger: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    const limitText = ctx.url.searchParams.get('limit');
    const limit = limitText === null ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LEDGER_PAGE) throw GatewayError.invalidRequest(`'limit' must be an integer from 1 to ${MAX_LEDGER_PAGE}.`, 'limit');
    const before = ctx.url.searchParams.get('before') ?? undefined;
    const entries = await deps.ledger.listEntries(ctx.params.id, { limit, before });
    sendJson(ctx.res, 200, { object: 'list', data: entries.map(renderEntry), has_more: entries.length === limit });
  };

  /** GET /admin/accounts/:id/statement?from&to&format=json|csv — spend per provider and model. */
  const statement: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    const from = readInstant(ctx.url.searchParams.get('from'), 'from');
    const to = readInstant(ctx.url.searchParams.get('to'), 'to');
    const format = ctx.url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw GatewayError.invalidRequest("'format' must be 'json' or 'csv'.", 'format');
    const lines = await deps.ledger.spendByModel(ctx.params.id, { from, to });
    if (format === 'csv') {
      const csv = renderStatementCsv(lines);
      ctx.res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="statement-${ctx.params.id}.csv"`,
        'content-length': Buffer.byteLength(csv),
      });
      ctx.res.end(csv);
      return;
    }
    const total = lines.reduce((sum, line) => sum + line.costNanos, 0n);
    sendJson(ctx.res, 200, {
      object: 'statement',
      account_id: ctx.params.id,
      from: from === undefined ? null : new Date(from).toISOString(),
      to: to === undefined ? null : new Date(to).toISOString(),
      currency: 'USD',
      total_usd: formatNanosAsUsd(total),
      total_nanos: nanosJson(total),
      lines: lines.map((line) => ({
        provider: line.provider,
        model: line.model,
        requests: line.requests,
        unpriced_requests: line.unpricedRequests,
        cost_usd: formatNanosAsUsd(line.costNanos),
        cost_nanos: nanosJson(line.costNanos),
        input_tokens: line.inputTokens,
        output_tokens: line.outputTokens,
        cache_read_tokens: line.cacheReadTokens,
        cache_write_tokens: line.cacheWriteTokens,
        reasoning_tokens: line.reasoningTokens,
      })),
    });
  };

  /**
   * PUT /admin/accounts/:id/alerts — the low-balance webhook. Without SWITCHYARD_WEBHOOK_SECRET the
   * account gets its own signing secret, returned here (kept across updates).
   */
  const setAlerts: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    const parsed = alertBody.safeParse(parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes)));
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path[0] ?? 'low_balance_usd');
      throw GatewayError.invalidRequest(`Body must be {"low_balance_usd": "5.00", "webhook_url": "https://…"}; '${field}' is missing or invalid.`, field);
    }
    const thresholdNanos = parseUsdToNanos(parsed.data.low_balance_usd);
    if (thresholdNanos === undefined || thresholdNanos < 0n) {
      throw GatewayError.invalidRequest("'low_balance_usd' must be a non-negative USD amount with at most 9 decimals.", 'low_balance_usd');
    }
    const previous = await deps.ledger.getLowBalanceAlert(ctx.params.id);
    const secret = deps.settings.webhookSecret ? undefined : (previous?.secret ?? `whsec_${randomBytes(24).toString('hex')}`);
    await deps.ledger.setLowBalanceAlert(ctx.params.id, { thresholdNanos, webhookUrl: parsed.data.webhook_url, secret });
    sendJson(ctx.res, 200, {
      object: 'alerts',
      account_id: ctx.params.id,
      low_balance_usd: formatNanosAsUsd(thresholdNanos),
      webhook_url: parsed.data.webhook_url,
      // Signatures: `x-switchyard-signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.
      ...(secret ? { webhook_secret: secret } : { webhook_secret_source: 'SWITCHYARD_WEBHOOK_SECRET' }),
    });
  };

  return { addCredits, wallet, ledger, statement, setAlerts };
}

/** Balance fields as exact decimal strings plus integer nano-dollars. */
export function renderWallet(wallet: WalletBalance) {
  return {
    currency: 'USD',
    balance_usd: formatNanosAsUsd(wallet.balanceNanos),
    balance_nanos: nanosJson(wallet.balanceNanos),
    available_usd: formatNanosAsUsd(wallet.availableNanos),
    available_nanos: nanosJson(wallet.availableNanos),
    reserved_usd: formatNanosAsUsd(wallet.reservedNanos),
    reserved_nanos: nanosJson(wallet.reservedNanos),
  };
}

function renderEntry(entry: LedgerEntry) {
  const { tokens } = entry;
  return {
    id: entry.id,
    object: 'ledger_entry',
    account_id: entry.accountId,
    kind: entry.kind,
    amount_usd: formatNanosAsUsd(entry.amountNanos),
    amount_nanos: nanosJson(entry.amountNanos),
    created_at: new Date(entry.createdAt).toISOString(),
    idempotency_key: entry.idempotencyKey,
    description: entry.description,
    reservation_id: entry.reservationId,
    expires_at: entry.expiresAt === undefined ? undefined : new Date(entry.expiresAt).toISOString(),
    key_id: entry.keyId,
    request_id: entry.requestId,
    provider: entry.provider,
    model: entry.model,
    priced: entry.priced,
    usage: tokens && {
      input_tokens: tokens.inputTokens,
      output_tokens: tokens.outputTokens,
      cache_read_tokens: tokens.cacheReadTokens ?? 0,
      cache_write_tokens: tokens.cacheWriteTokens ?? 0,
      reasoning_tokens: tokens.reasoningTokens ?? 0,
    },
  };
}

/** An ISO 8601 date or date-time (`2025-03-01`, `2025-03-01T12:00:00Z`) or unix seconds, as ms. */
function readInstant(value: string | null, param: string): number | undefined {
  if (value === null || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) throw GatewayError.invalidRequest(`'${param}' must be an ISO 8601 date or time, or unix seconds.`, param);
  return ms;
}
