import type { ProviderAdapter } from '../provider-adapter.ts';
import { anthropicAdapter } from '../anthropic/index.ts';
import { buildAnthropicBody } from '../anthropic/build-anthropic-request.ts';
import { vertexAuthHeaders, vertexModelUrl } from './vertex-url.ts';

/** Vertex names the Messages API version in the body, not a header, and takes the model from the URL. */
const vertexAnthropicVersion = 'vertex-2023-10-16';

function vertexBody(body: Record<string, unknown>): string {
  const { model: _model, ...rest } = body;
  return JSON.stringify({ ...rest, anthropic_version: vertexAnthropicVersion });
}

/** Claude on Vertex AI: the Messages format through `rawPredict` / `streamRawPredict`. */
export const vertexAnthropicAdapter = {
  ...anthropicAdapter,
  family: 'vertex',
  async buildRequest(request, upstreamModel, settings) {
    const body = buildAnthropicBody(request, upstreamModel, settings.id) as unknown as Record<string, unknown>;
    return {
      url: vertexModelUrl(settings, 'anthropic', upstreamModel, request.stream ? 'streamRawPredict' : 'rawPredict'),
      method: 'POST',
      headers: { 'content-type': 'application/json', ...settings.headers, ...(await vertexAuthHeaders(settings)) },
      body: vertexBody(body),
    };
  },
  passthroughBody: (clientBody: Record<string, unknown>) => vertexBody(clientBody),
} satisfies ProviderAdapter;
