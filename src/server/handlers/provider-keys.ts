import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import type { Byok } from '../../byok/create-byok.ts';
import type { AccountStore } from '../../stores/account-store.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

const keyBody = z.strictObject({
  api_key: z.string().trim().min(8).max(4096),
  base_url: z.url({ protocol: /^https?$/ }).nullable().optional(),
});
const preferenceBody = z.strictObject({ byok_only: z.boolean() });

/**
 * Bring-your-own-key admin API: `PUT|GET|DELETE /admin/accounts/{id}/provider-keys/{provider}`,
 * `GET /admin/accounts/{id}/provider-keys` (with the `byok_only` preference) and
 * `PUT /admin/accounts/{id}/byok {byok_only}`. Keys are shown masked to their last 4 characters.
 */
export function providerKeyHandlers(deps: { accounts: AccountStore; byok: Byok; gatewayProviders: ReadonlyMap<string, unknown>; bodyLimitBytes: number }) {
  const requireAccount = async (id: string) => {
    if (!(await deps.accounts.getAccount(id))) throw new GatewayError({ status: 404, code: 'not_found', message: `No account '${id}'.` });
  };
  const notFound = (accountId: string, provider: string) => new GatewayError({ status: 404, code: 'not_found', message: `Account '${accountId}' has no ${provider} key.` });

  const putKey: Handler = async (ctx) => {
    const { id: accountId, provider } = ctx.params;
    await requireAccount(accountId);
    const parsed = keyBody.safeParse(parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes)));
    if (!parsed.success) {
      const param = String(parsed.error.issues[0].path[0] ?? 'api_key');
      throw GatewayError.invalidRequest('Body must be {"api_key": "<the provider key, 8+ characters>", "base_url"?: "https://…"}.', param);
    }
    const view = await deps.byok.putKey({
      accountId,
      provider,
      apiKey: parsed.data.api_key,
      baseUrl: parsed.data.base_url,
      gatewayHasProvider: deps.gatewayProviders.has(provider),
    });
    sendJson(ctx.res, 200, view);
  };

  const getKey: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    const view = await deps.byok.getKey(ctx.params.id, ctx.params.provider);
    if (!view) throw notFound(ctx.params.id, ctx.params.provider);
    sendJson(ctx.res, 200, view);
  };

  const listKeys: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    sendJson(ctx.res, 200, await deps.byok.listKeys(ctx.params.id));
  };

  const deleteKey: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    if (!(await deps.byok.deleteKey(ctx.params.id, ctx.params.provider))) throw notFound(ctx.params.id, ctx.params.provider);
    sendJson(ctx.res, 200, { provider: ctx.params.provider, deleted: true });
  };

  const putPreference: Handler = async (ctx) => {
    await requireAccount(ctx.params.id);
    const parsed = preferenceBody.safeParse(parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes)));
    if (!parsed.success) throw GatewayError.invalidRequest('Body must be {"byok_only": true|false}.', 'byok_only');
    await deps.byok.setByokOnly(ctx.params.id, parsed.data.byok_only);
    sendJson(ctx.res, 200, await deps.byok.listKeys(ctx.params.id));
  };

  return { putKey, getKey, listKeys, deleteKey, putPreference };
}
