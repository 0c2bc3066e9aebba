import type { ProviderAdapter, ProviderSettings } from '../provider-adapter.ts';
import { buildAnthropicEndpoint, buildAnthropicRequest } from './build-anthropic-request.ts';
import { parseAnthropicError } from './parse-anthropic-error.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';
import { parseAnthropicStream } from './parse-anthropic-stream.ts';

/** The Anthropic Messages API (`POST /v1/messages`) as an upstream provider. */
export const anthropicAdapter = {
  family: 'anthropic',
  wireFormat: 'anthropic-messages',
  buildRequest: buildAnthropicRequest,
  passthroughBody: (clientBody: Record<string, unknown>, upstreamModel: string) => JSON.stringify({ ...clientBody, model: upstreamModel }),
  buildPassthroughRequest: (_upstreamModel: string, settings: ProviderSettings, stream: boolean) => buildAnthropicEndpoint(settings, stream),
  parseResponse: (body) => parseAnthropicResponse(body),
  parseStream: (body) => parseAnthropicStream(body),
  parseError: parseAnthropicError,
} satisfies ProviderAdapter;
