import type { ErrorCode } from '../../core/errors.ts';

/**
 * Bedrock's error types (the `x-amzn-errortype` header, or the `:exception-type` of a stream
 * frame, which spells them camelCase) by meaning. `status` is what a mid-stream exception
 * counts as, since the HTTP status was already 200.
 */
const errorTypes: Record<string, { status: number; code: ErrorCode }> = {
  validationexception: { status: 400, code: 'invalid_request' },
  accessdeniedexception: { status: 403, code: 'permission' },
  unrecognizedclientexception: { status: 403, code: 'upstream_error' },
  resourcenotfoundexception: { status: 404, code: 'model_not_found' },
  throttlingexception: { status: 429, code: 'rate_limited' },
  servicequotaexceededexception: { status: 429, code: 'rate_limited' },
  modeltimeoutexception: { status: 408, code: 'timeout' },
  modelnotreadyexception: { status: 429, code: 'overloaded' },
  modelerrorexception: { status: 424, code: 'upstream_error' },
  internalserverexception: { status: 500, code: 'upstream_error' },
  modelstreamerrorexception: { status: 500, code: 'upstream_error' },
  serviceunavailableexception: { status: 503, code: 'overloaded' },
};

/** `ThrottlingException:http://internal.amazon.com/...` or `throttlingException` → its entry. */
export function lookupBedrockErrorType(type: string | undefined): { name: string; status: number; code: ErrorCode } | undefined {
  if (!type) return undefined;
  const name = type.split(':')[0].split('#').pop()!.trim();
  const known = errorTypes[name.toLowerCase()];
  return known ? { name, ...known } : undefined;
}
