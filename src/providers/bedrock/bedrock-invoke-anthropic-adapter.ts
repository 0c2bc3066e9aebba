import type { CanonicalRequest } from '../../core/request.ts';
import type { ProviderAdapter, ProviderSettings, UpstreamRequest } from '../provider-adapter.ts';
import { buildAnthropicBody } from '../anthropic/build-anthropic-request.ts';
import { parseAnthropicResponse } from '../anthropic/parse-anthropic-response.ts';
import { authorizeBedrockRequest } from './authorize-bedrock-request.ts';
import { bedrockInvokeBody } from './bedrock-invoke-body.ts';
import { bedrockModelUrl } from './bedrock-model-url.ts';
import { readBedrockSettings } from './bedrock-settings.ts';
import { parseBedrockError } from './parse-bedrock-error.ts';
import { parseBedrockInvokeStream } from './parse-bedrock-invoke-stream.ts';
import { refuseBedrockImageUrls } from './refuse-bedrock-image-urls.ts';

/** Headers the signer adds; dropped before signing a changed body again. */
const authHeaders = new Set(['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'host']);

/** The InvokeModel request for a Messages-format body: the URL by operation, authenticated last. */
async function invokeRequest(body: Record<string, unknown>, modelId: string, stream: boolean, providerSettings: ProviderSettings): Promise<UpstreamRequest> {
  const settings = readBedrockSettings(providerSettings);
  const unsigned: UpstreamRequest = {
    url: bedrockModelUrl(settings.baseUrl, modelId, stream ? 'invoke-with-response-stream' : 'invoke'),
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: stream ? 'application/vnd.amazon.eventstream' : 'application/json',
      ...settings.headers,
    },
    body: JSON.stringify(bedrockInvokeBody(body)),
  };
  return authorizeBedrockRequest(unsigned, settings);
}

/**
 * Claude on Amazon Bedrock through InvokeModel (`/model/{id}/invoke`,
 * `/invoke-with-response-stream`): the Anthropic Messages body with Bedrock's
 * `anthropic_version`, answered in Anthropic's own JSON and events (the stream wraps each
 * event in an event-stream `chunk` frame). Speaking the Messages format, it takes a
 * `/v1/messages` client's body untranslated; Bedrock's own errors are `{message}` with
 * `x-amzn-errortype`, as for Converse.
 */
export const bedrockInvokeAnthropicAdapter = {
  family: 'bedrock',
  wireFormat: 'anthropic-messages',
  buildRequest(request: CanonicalRequest, modelId: string, settings: ProviderSettings) {
    refuseBedrockImageUrls(request.messages, settings.id);
    const body = buildAnthropicBody(request, modelId, settings.id) as unknown as Record<string, unknown>;
    return invokeRequest(body, modelId, request.stream, settings);
  },
  passthroughBody: (clientBody: Record<string, unknown>) => JSON.stringify(bedrockInvokeBody(clientBody)),
  // SigV4 covers the body's hash: the passthrough body needs a signature of its own.
  async signPassthrough(request: UpstreamRequest, providerSettings: ProviderSettings) {
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !authHeaders.has(name.toLowerCase())));
    return authorizeBedrockRequest({ ...request, headers }, readBedrockSettings(providerSettings));
  },
  parseResponse: (body) => parseAnthropicResponse(body),
  parseStream: (body) => parseBedrockInvokeStream(body),
  parseError: parseBedrockError,
} satisfies ProviderAdapter;
