import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import { formatNanosAsUsd, MAX_CREDIT_NANOS, parseUsdToNanos, type Nanos } from '../../billing/nanos.ts';
import type { Limits, LimitsSnapshot } from '../../limits/create-limits.ts';
import type { AccountStore } from '../../stores/account-store.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

const usd = z.union([z.string(), z.number()]).nullable().optional();
const perMinute = z.number().int().positive().max(1e12).nullable().optional();
const limitsBody = z.strictObject({ daily_budget_usd: usd, monthly_budget_usd: usd, requests_per_minute: perMinute, tokens_per_minute: perMinute });

/** `GET`/`PUT /admin/accounts/{id}/keys/{keyId}/limits`: a key's budgets and rate limits, with its spend. */
export function keyLimitsHandlers(deps: { accounts: AccountStore; limits: Limits; bodyLimitBytes: number }) {
  const requireKey = async (accountId: string, keyId: string) => {
    if (!(await deps.accounts.getAccount(accountId))) throw new GatewayError({ status: 404, code: 'not_found', message: `No account '${accountId}'.` });
    const keys = await deps.accounts.listKeys(accountId);
    if (!keys.some((key) => key.id === keyId)) throw new GatewayError({ status: 404, code: 'not_found', message: `No key '${keyId}' on account '${accountId}'.` });
  };

  const getLimits: Handler = async (ctx) => {
    await requireKey(ctx.params.id, ctx.params.keyId);
    sendJson(ctx.res, 200, render(ctx.params.id, ctx.params.keyId, await deps.limits.snapshot(ctx.params.keyId)));
  };

  /** Fields sent replace the current values (null clears one); fields left out stay as they are. */
  const putLimits: Handler = async (ctx) => {
    const { id: accountId, keyId } = ctx.params;
    await requireKey(accountId, keyId);
    const parsed = limitsBody.safeParse(parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw GatewayError.invalidRequest(
        `Body must be {daily_budget_usd?, monthly_budget_usd?, requests_per_minute?, tokens_per_minute?} (null clears a limit): ${issue.path.join('.') || '(root)'}: ${issue.message}`,
        issue.path.join('.') || undefined,
      );
    }
    const body = parsed.data;
    const current = (await deps.limits.snapshot(keyId)).limits;
    const pick = <T>(sent: T | null | undefined, kept: T | null | undefined): T | null => (sent === undefined ? (kept ?? null) : sent);
    const snapshot = await deps.limits.setLimits({
      keyId,
      accountId,
      dailyBudgetNanos: pick(budget(body.daily_budget_usd, 'daily_budget_usd'), current?.dailyBudgetNanos),
      monthlyBudgetNanos: pick(budget(body.monthly_budget_usd, 'monthly_budget_usd'), current?.monthlyBudgetNanos),
      requestsPerMinute: pick(body.requests_per_minute, current?.requestsPerMinute),
      tokensPerMinute: pick(body.tokens_per_minute, current?.tokensPerMinute),
    });
    sendJson(ctx.res, 200, render(accountId, keyId, snapshot));
  };

  return { getLimits, putLimits };
}

function budget(value: string | number | null | undefined, param: string): Nanos | null | undefined {
  if (value === undefined || value === null) return value;
  const nanos = parseUsdToNanos(value);
  if (nanos === undefined || nanos <= 0n || nanos > MAX_CREDIT_NANOS) {
    throw GatewayError.invalidRequest(`'${param}' must be a positive decimal amount of USD with at most 9 decimals ("25.00"), or null to clear it.`, param);
  }
  return nanos;
}

function render(accountId: string, keyId: string, snapshot: LimitsSnapshot) {
  const { limits, day, month } = snapshot;
  const money = (nanos: Nanos | null | undefined) => (nanos === null || nanos === undefined ? null : formatNanosAsUsd(nanos));
  return {
    key_id: keyId,
    account_id: accountId,
    daily_budget_usd: money(limits?.dailyBudgetNanos),
    monthly_budget_usd: money(limits?.monthlyBudgetNanos),
    requests_per_minute: limits?.requestsPerMinute ?? null,
    tokens_per_minute: limits?.tokensPerMinute ?? null,
    spend: {
      day: { spend_usd: formatNanosAsUsd(day.spendNanos), resets_at: new Date(day.resetsAt).toISOString() },
      month: { spend_usd: formatNanosAsUsd(month.spendNanos), resets_at: new Date(month.resetsAt).toISOString() },
    },
  };
}
