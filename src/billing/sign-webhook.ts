import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying a webhook's signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-switchyard-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the timestamp is signed with the
 * body so a receiver can refuse replays older than a few minutes.
 */
export function signWebhook(body: string, secret: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

/** Checks a signature header against the raw body, in constant time; `toleranceSeconds` bounds its age. */
export function verifyWebhookSignature(body: string, header: string, secret: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(body, secret, t).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
