import { GatewayError } from '../core/errors.ts';

/**
 * Upstream error messages sometimes quote the credential they rejected. Every error leaves
 * the gateway through here, so no provider or admin key reaches a client even if an
 * upstream echoes it.
 */
export function redactSecrets(error: GatewayError, secrets: readonly string[]): GatewayError {
  let message = error.message;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; real keys are long.
    if (secret.length >= 8 && message.includes(secret)) message = message.split(secret).join('[redacted]');
  }
  if (message === error.message) return error;
  return new GatewayError({
    status: error.status,
    code: error.code,
    message,
    param: error.param,
    provider: error.provider,
    upstreamType: error.upstreamType,
    retryAfterSeconds: error.retryAfterSeconds,
  });
}
