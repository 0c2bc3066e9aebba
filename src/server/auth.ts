import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.ts';
import type { AccountStore } from '../stores/account-store.ts';
import type { Caller } from './request-context.ts';

/** The account used when the gateway runs without an admin key, for one local user. */
export const localCaller: Caller = { accountId: 'local' };

/** The gateway key from `Authorization: Bearer …` or Anthropic-style `x-api-key`. */
export function presentedKey(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim() || undefined;
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}

/** The local user, logging bodies when the config says so (`logBodies` / `SWITCHYARD_LOG_BODIES`). */
const localCallerLoggingBodies: Caller = { ...localCaller, logBodies: true };

export async function authenticateCaller(req: IncomingMessage, adminKey: string | undefined, accounts: AccountStore, localLogBodies = false): Promise<Caller> {
  if (!adminKey) return localLogBodies ? localCallerLoggingBodies : localCaller;
  const secret = presentedKey(req);
  if (!secret) {
    throw new GatewayError({ status: 401, code: 'authentication', message: 'Missing API key: send it as "Authorization: Bearer <key>" or "x-api-key".' });
  }
  const found = await accounts.authenticate(secret);
  if (!found) throw new GatewayError({ status: 401, code: 'authentication', message: 'Invalid API key.' });
  return { accountId: found.account.id, keyId: found.key.id, logBodies: found.key.logBodies };
}

/** Admin calls carry the admin key itself; compared in constant time. */
export function requireAdmin(req: IncomingMessage, adminKey: string | undefined): void {
  if (!adminKey) {
    throw new GatewayError({ status: 403, code: 'permission', message: 'The admin API is disabled: start the gateway with SWITCHYARD_ADMIN_KEY set.' });
  }
  const secret = presentedKey(req);
  if (!secret || !sameSecret(secret, adminKey)) {
    throw new GatewayError({ status: 401, code: 'authentication', message: 'The admin API needs the admin key.' });
  }
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first makes the comparison constant-time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
