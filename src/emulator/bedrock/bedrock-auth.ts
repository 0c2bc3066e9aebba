import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { EmulatedError } from '../dialect.ts';

/**
 * Bedrock's authentication check as the emulator does it: a SigV4 `Authorization` (the
 * signature itself is not checked) or a Bedrock API key as `Bearer`; a credential starting
 * with `invalid` is refused. A signed body hash (`x-amz-content-sha256`) must match the body
 * that arrived, as AWS requires: a gateway that swaps the body after signing is caught here.
 * Returns the error and its Bedrock exception name, or undefined.
 */
export function bedrockAuthError(headers: IncomingHttpHeaders, body?: string): { error: EmulatedError; type: string } | undefined {
  const authorization = headers.authorization ?? '';
  if (!/^(AWS4-HMAC-SHA256 Credential=|Bearer )/.test(authorization)) {
    return { error: new EmulatedError({ status: 403, reason: 'missing_key', message: 'Missing Authentication Token' }), type: 'MissingAuthenticationTokenException' };
  }
  if (/^(AWS4-HMAC-SHA256 Credential=|Bearer )invalid/.test(authorization)) {
    return { error: new EmulatedError({ status: 403, reason: 'invalid_key', message: 'The security token included in the request is invalid.' }), type: 'UnrecognizedClientException' };
  }
  const signedHash = headers['x-amz-content-sha256'];
  if (body !== undefined && typeof signedHash === 'string' && signedHash !== 'UNSIGNED-PAYLOAD' && signedHash !== createHash('sha256').update(body).digest('hex')) {
    const message = 'The request signature we calculated does not match the signature you provided.';
    return { error: new EmulatedError({ status: 403, reason: 'invalid_key', message }), type: 'InvalidSignatureException' };
  }
  return undefined;
}
