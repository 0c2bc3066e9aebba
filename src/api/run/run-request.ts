import { GatewayError } from '../../core/errors.ts';

/** The body of `POST /v1/run/{author}/{model}`. */
export type RunRequest = {
  input: Record<string, unknown>;
  /** Called with the finished job (signed, `x-switchyard-signature`). */
  webhook?: string;
  /** Files as gateway links (default) or inline `data:` URIs. */
  output: 'url' | 'inline';
};

/** The body fields of a run; `provider` (routing preferences, `routing/provider-preferences.ts`) is read from the raw body. */
const RUN_FIELDS = ['input', 'webhook', 'output', 'provider'];

export function parseRunRequest(body: Record<string, unknown>): RunRequest {
  const { input, webhook, output } = body;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw GatewayError.invalidRequest("The body must be {\"input\": {...}}: 'input' is missing or not an object.", 'input');
  if (webhook !== undefined && (typeof webhook !== 'string' || !/^https?:\/\//.test(webhook))) throw GatewayError.invalidRequest("'webhook' must be an http(s) URL.", 'webhook');
  if (output !== undefined && output !== 'url' && output !== 'inline') throw GatewayError.invalidRequest("'output' must be 'url' or 'inline'.", 'output');
  for (const key of Object.keys(body)) {
    if (!RUN_FIELDS.includes(key)) throw GatewayError.invalidRequest(`Unknown field '${key}': the body takes ${RUN_FIELDS.join(', ')}.`, key);
  }
  return { input: input as Record<string, unknown>, ...(webhook ? { webhook: webhook as string } : {}), output: (output as 'url' | 'inline' | undefined) ?? 'url' };
}
