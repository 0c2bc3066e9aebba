import { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import type { AccountStore, ApiKeyRecord } from '../../stores/account-store.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';

const nameBody = z.object({ name: z.string().trim().min(1).max(200) });

function parseName(raw: Record<string, unknown>): string {
  const parsed = nameBody.safeParse(raw);
  if (!parsed.success) throw GatewayError.invalidRequest('Body must be {"name": "<non-empty string>"}.', 'name');
  return parsed.data.name;
}

const createKeyBody = z.object({ name: z.string().trim().min(1).max(200), log_bodies: z.boolean().optional() });
const updateKeyBody = z.strictObject({ log_bodies: z.boolean() });

/** A key as the admin API shows it: the record, its settings named as the API takes them. */
function renderKey({ logBodies, ...key }: ApiKeyRecord) {
  return { ...key, log_bodies: logBodies };
}

async function requireAccount(accounts: AccountStore, id: string) {
  const account = await accounts.getAccount(id);
  if (!account) throw new GatewayError({ status: 404, code: 'not_found', message: `No account '${id}'.` });
  return account;
}

/** Admin API for accounts and their gateway keys. The caller has already shown the admin key. */
export function adminAccountHandlers(accounts: AccountStore, bodyLimitBytes: number) {
  const createAccount: Handler = async (ctx) => {
    const name = parseName(parseJsonObject(await readBody(ctx.req, bodyLimitBytes)));
    const account = await accounts.createAccount({ name });
    sendJson(ctx.res, 201, account);
  };
  const listAccounts: Handler = async (ctx) => {
    sendJson(ctx.res, 200, { data: await accounts.listAccounts() });
  };
  const getAccount: Handler = async (ctx) => {
    sendJson(ctx.res, 200, await requireAccount(accounts, ctx.params.id));
  };
  const createKey: Handler = async (ctx) => {
    await requireAccount(accounts, ctx.params.id);
    const parsed = createKeyBody.safeParse(parseJsonObject(await readBody(ctx.req, bodyLimitBytes)));
    if (!parsed.success) throw GatewayError.invalidRequest('Body must be {"name": "<non-empty string>", "log_bodies"?: true|false}.', String(parsed.error.issues[0]?.path[0] ?? 'name'));
    const { key, secret } = await accounts.createKey(ctx.params.id, { name: parsed.data.name, logBodies: parsed.data.log_bodies });
    // The secret is in this response and nowhere else: only its hash is stored.
    sendJson(ctx.res, 201, { ...renderKey(key), key: secret });
  };
  const listKeys: Handler = async (ctx) => {
    await requireAccount(accounts, ctx.params.id);
    sendJson(ctx.res, 200, { data: (await accounts.listKeys(ctx.params.id)).map(renderKey) });
  };
  /** `PATCH …/keys/{keyId}`: a key's settings; today whether its requests' bodies are logged. */
  const updateKey: Handler = async (ctx) => {
    await requireAccount(accounts, ctx.params.id);
    const parsed = updateKeyBody.safeParse(parseJsonObject(await readBody(ctx.req, bodyLimitBytes)));
    if (!parsed.success) throw GatewayError.invalidRequest('Body must be {"log_bodies": true|false}.', 'log_bodies');
    const key = await accounts.updateKey(ctx.params.id, ctx.params.keyId, { logBodies: parsed.data.log_bodies });
    if (!key) throw new GatewayError({ status: 404, code: 'not_found', message: `No key '${ctx.params.keyId}' on account '${ctx.params.id}'.` });
    sendJson(ctx.res, 200, renderKey(key));
  };
  const revokeKey: Handler = async (ctx) => {
    const revoked = await accounts.revokeKey(ctx.params.id, ctx.params.keyId);
    if (!revoked) throw new GatewayError({ status: 404, code: 'not_found', message: `No active key '${ctx.params.keyId}' on account '${ctx.params.id}'.` });
    sendJson(ctx.res, 200, { id: ctx.params.keyId, revoked: true });
  };
  return { createAccount, listAccounts, getAccount, createKey, listKeys, updateKey, revokeKey };
}
