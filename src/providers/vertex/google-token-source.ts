import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { GatewayError } from '../../core/errors.ts';

/** Gives a currently valid OAuth access token for Google Cloud APIs. */
export type TokenSource = { token(): Promise<string> };

type ServiceAccountKey = { client_email: string; private_key: string; token_uri?: string };

const cloudPlatformScope = 'https://www.googleapis.com/auth/cloud-platform';
const defaultTokenUri = 'https://oauth2.googleapis.com/token';
/** Refresh this long before expiry so a request never leaves with a token about to lapse. */
const refreshMarginMs = 60_000;

/** A token given as is (`VERTEX_ACCESS_TOKEN`), e.g. from `gcloud auth print-access-token`. */
export function staticTokenSource(token: string): TokenSource {
  return { token: async () => token };
}

/**
 * Service-account credentials (the JSON file `GOOGLE_APPLICATION_CREDENTIALS` names): a JWT
 * signed with the account's RSA key is exchanged at the token endpoint for an access token,
 * which is cached and refreshed shortly before it expires. Concurrent callers share one exchange.
 */
export function serviceAccountTokenSource(keyFile: string, now: () => number = Date.now): TokenSource {
  let key: ServiceAccountKey;
  try {
    key = JSON.parse(readFileSync(keyFile, 'utf8')) as ServiceAccountKey;
  } catch (error) {
    throw new Error(`Cannot read Google service account key ${keyFile}: ${(error as Error).message}`);
  }
  if (!key.client_email || !key.private_key) throw new Error(`${keyFile} is not a service account key (client_email and private_key are required).`);

  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function exchange(): Promise<string> {
    const issuedAt = Math.floor(now() / 1000);
    const tokenUri = key.token_uri ?? defaultTokenUri;
    const assertion = signJwt({ iss: key.client_email, scope: cloudPlatformScope, aud: tokenUri, iat: issuedAt, exp: issuedAt + 3600 }, key.private_key);
    const response = await request(tokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
    }).catch((error: Error) => {
      throw new GatewayError({ status: 502, code: 'upstream_unavailable', provider: 'vertex', message: `Could not reach Google's token endpoint (${(error as { code?: string }).code ?? error.name}).` });
    });
    const body = (await response.body.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error_description?: string };
    if (response.statusCode !== 200 || !body.access_token) {
      throw new GatewayError({
        status: 401,
        code: 'authentication',
        provider: 'vertex',
        message: `Google rejected the service account credentials: ${body.error_description ?? `HTTP ${response.statusCode}`}.`,
      });
    }
    cached = { token: body.access_token, expiresAt: now() + (body.expires_in ?? 3600) * 1000 };
    return body.access_token;
  }

  return {
    async token() {
      if (cached && now() < cached.expiresAt - refreshMarginMs) return cached.token;
      inFlight ??= exchange().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

function signJwt(claims: Record<string, unknown>, privateKeyPem: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}
