import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Expiring links to the gateway's files: `<base>/v1/files/<id>?expires=<unix s>&sig=<hex>`,
 * where `sig` is HMAC-SHA256 of `<id>.<expires>` under the gateway's link secret. The link is
 * the credential, so it can be handed to a browser or another service without a gateway key.
 */
export function signedFileUrl(baseUrl: string, id: string, expiresAtSeconds: number, secret: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/files/${id}?expires=${expiresAtSeconds}&sig=${fileSignature(id, expiresAtSeconds, secret)}`;
}

/** Why a link does not open a file, or 'ok'. */
export function checkFileLink(id: string, expires: string | null, sig: string | null, secret: string, nowSeconds: number): 'ok' | 'invalid' | 'expired' {
  if (!expires || !sig || !/^\d+$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
  const expected = Buffer.from(fileSignature(id, Number(expires), secret), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
  return Number(expires) <= nowSeconds ? 'expired' : 'ok';
}

function fileSignature(id: string, expiresAtSeconds: number, secret: string): string {
  return createHmac('sha256', secret).update(`${id}.${expiresAtSeconds}`).digest('hex');
}
