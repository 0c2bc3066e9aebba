import { GatewayError } from '../../core/errors.ts';
import type { HeaderMap, ProviderSettings } from '../provider-adapter.ts';
import type { BedrockErrorBody } from '../../wire/bedrock-converse.ts';
import { lookupBedrockErrorType } from './bedrock-error-types.ts';

const header = (headers: HeaderMap, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A Bedrock error (type and message) as a GatewayError; `status` undefined for mid-stream exceptions. */
export function bedrockErrorToGatewayError(
  type: string | undefined,
  message: string,
  status: number | undefined,
  provider: string,
  retryAfterSeconds?: number,
): GatewayError {
  const known = lookupBedrockErrorType(type);
  const finalStatus = status ?? known?.status ?? 500;
  let code = known?.code ?? (finalStatus === 429 ? 'rate_limited' : 'upstream_error');
  // Bedrock answers an unknown model id with a plain 400 ValidationException
  // ("The provided model identifier is invalid.", error-400-invalid-model-converse.vcr.yaml).
  if (/model identifier is invalid/i.test(message)) code = 'model_not_found';
  return new GatewayError({
    status: finalStatus,
    code,
    message,
    provider,
    ...(known ? { upstreamType: known.name } : type ? { upstreamType: type.split(':')[0] } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

/**
 * A Bedrock error response into a GatewayError keeping the upstream status and message. The
 * body is `{"message": ...}` (`Message` in some spellings); the type is in `x-amzn-errortype`.
 */
export function parseBedrockError(status: number, headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError {
  let parsed: BedrockErrorBody | undefined;
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === 'object' && value !== null) parsed = value as BedrockErrorBody;
  } catch {
    parsed = undefined;
  }
  const type = header(headers, 'x-amzn-errortype') ?? parsed?.__type;
  const message = parsed?.message ?? parsed?.Message ?? (body.trim() || `Bedrock answered with HTTP ${status}.`);
  const retryAfter = Number(header(headers, 'retry-after'));
  return bedrockErrorToGatewayError(type, message, status, settings.id, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined);
}
