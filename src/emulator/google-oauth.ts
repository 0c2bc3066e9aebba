import { createPublicKey, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io.ts';

const jwtBearer = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const googleTokenUri = 'https://oauth2.googleapis.com/token';
/** Google's tokens live an hour; the endpoint says 3599 seconds. */
const lifetimeSeconds = 3599;
/** Google accepts assertions whose iat is a little in the future (clock skew). */
const skewSeconds = 300;

type Claims = { iss?: unknown; scope?: unknown; aud?: unknown; iat?: unknown; exp?: unknown };

/** A token endpoint refusal, in Google's OAuth shape: `{error, error_description}` with a 400. */
class GrantError extends Error {
  readonly code: string;
  constructor(code: string, description: string) {
    super(description);
    this.code = code;
  }
}

/**
 * Google's OAuth token endpoint as a service account meets it (`POST /google-oauth/token`):
 * a signed JWT assertion in, a short-lived bearer token out. Vertex routes accept only tokens
 * issued here, so a gateway that skips the exchange, or sends an expired token, is caught;
 * `issued` counts exchanges, so a test can prove tokens are cached. The signature is checked
 * when the account's public key was registered (`trust`), else only the JWT's structure.
 */
export class GoogleOAuth {
  #tokens = new Map<string, { clientEmail: string; expiresAt: number }>();
  #trusted = new Map<string, KeyObject>();
  #issued = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** How many tokens the endpoint has issued since the emulator started. */
  get issued(): number {
    return this.#issued;
  }

  /** Checks assertions from `clientEmail` against this public key (PEM) from now on. */
  trust(clientEmail: string, publicKeyPem: string): void {
    this.#trusted.set(clientEmail, createPublicKey(publicKeyPem));
  }

  /** The service account a bearer token was issued to, or undefined when it is unknown or expired. */
  holderOf(token: string): string | undefined {
    const entry = this.#tokens.get(token);
    return entry && entry.expiresAt > this.#now() ? entry.clientEmail : undefined;
  }

  /** `POST /google-oauth/token` with a form body: `grant_type` (JWT bearer) and `assertion`. */
  handleToken(req: IncomingMessage, res: ServerResponse, raw: string): void {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'Method not allowed; POST the token request.' });
    const form = new URLSearchParams(raw);
    try {
      const grantType = form.get('grant_type');
      if (grantType !== jwtBearer) throw new GrantError('unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
      const assertion = form.get('assertion');
      if (!assertion) throw new GrantError('invalid_request', 'Missing required parameter: assertion');
      const clientEmail = this.#verify(assertion, ownTokenUri(req.headers));
      const token = `ya29.emulated-${randomBytes(24).toString('base64url')}`;
      this.#tokens.set(token, { clientEmail, expiresAt: this.#now() + lifetimeSeconds * 1000 });
      this.#issued++;
      sendJson(res, 200, { access_token: token, expires_in: lifetimeSeconds, token_type: 'Bearer' }, { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate', pragma: 'no-cache' });
    } catch (error) {
      if (!(error instanceof GrantError)) throw error;
      sendJson(res, 400, { error: error.code, error_description: error.message });
    }
  }

  /** `/_emulator/google-oauth`: `GET` the counts, `POST /_emulator/google-oauth/keys {client_email, public_key}` to trust a key. */
  handleControl(method: string, path: string, raw: string, res: ServerResponse): void {
    if (method === 'GET' && path === '/_emulator/google-oauth') return sendJson(res, 200, { issued: this.#issued, trusted: [...this.#trusted.keys()] });
    if (method === 'POST' && path === '/_emulator/google-oauth/keys') {
      try {
        const body = JSON.parse(raw) as { client_email?: unknown; public_key?: unknown };
        if (typeof body.client_email !== 'string' || typeof body.public_key !== 'string') throw new Error('client_email and public_key (PEM) are required');
        this.trust(body.client_email, body.public_key);
        return sendJson(res, 201, { trusted: [...this.#trusted.keys()] });
      } catch (error) {
        return sendJson(res, 400, { error: (error as Error).message });
      }
    }
    sendJson(res, 404, { error: `no control route ${method} ${path}` });
  }

  /** The assertion's issuer, once header, claims and (for a trusted issuer) signature pass. */
  #verify(assertion: string, ownUri: string): string {
    const parts = assertion.split('.');
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) throw new GrantError('invalid_grant', 'Invalid JWT: the assertion is not three base64url segments.');
    const header = decodeSegment(parts[0]) as { alg?: unknown; typ?: unknown } | undefined;
    if (header?.alg !== 'RS256') throw new GrantError('invalid_grant', 'Invalid JWT: the header must name alg RS256.');
    const claims = decodeSegment(parts[1]) as Claims | undefined;
    if (!claims || typeof claims.iss !== 'string' || claims.iss === '') throw new GrantError('invalid_grant', 'Invalid JWT: the iss claim (the service account email) is missing.');
    if (typeof claims.scope !== 'string' || claims.scope.trim() === '') throw new GrantError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    if (claims.aud !== ownUri && claims.aud !== googleTokenUri) throw new GrantError('invalid_grant', `Invalid JWT: Failed audience check. The right audience is ${ownUri}`);
    const now = Math.floor(this.#now() / 1000);
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= iat || exp - iat > 3600 || iat > now + skewSeconds || exp < now) {
      throw new GrantError('invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.');
    }
    const key = this.#trusted.get(claims.iss);
    if (key) {
      const signed = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(key, Buffer.from(parts[2], 'base64url'));
      if (!signed) throw new GrantError('invalid_grant', 'Invalid JWT Signature.');
    }
    return claims.iss;
  }
}

/** The token URI a client of this emulator puts in `aud`: this endpoint, at the host it called. */
function ownTokenUri(headers: IncomingHttpHeaders): string {
  return `http://${headers.host ?? 'localhost'}/google-oauth/token`;
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
