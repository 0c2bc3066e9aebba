import type { ProviderAdapter, ProviderSettings, UpstreamRequest } from '../provider-adapter.ts';
import { anthropicAdapter } from '../anthropic/index.ts';
import { buildAnthropicBody } from '../anthropic/build-anthropic-request.ts';
import { parseAnthropicError, readAnthropicErrorDetail } from '../anthropic/parse-anthropic-error.ts';
import { geminiErrorFromBody, isGeminiErrorBody } from '../google/parse-gemini-error.ts';
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
  // Overridden, not inherited from `anthropicAdapter`: the URL and auth are Vertex's.
  async buildPassthroughRequest(upstreamModel: string, settings: ProviderSettings, stream: boolean) {
    return {
      url: vertexModelUrl(settings, 'anthropic', upstreamModel, stream ? 'streamRawPredict' : 'rawPredict'),
      method: 'POST',
      headers: { 'content-type': 'application/json', ...settings.headers, ...(await vertexAuthHeaders(settings)) },
    } satisfies UpstreamRequest;
  },
  // Vertex's own refusals (OAuth, quota, unknown publisher model) come in Google's
  // `{error:{code,message,status}}`; only the model's own errors are Anthropic-shaped.
  parseError(status, headers, body, settings) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (!readAnthropicErrorDetail(parsed) && isGeminiErrorBody(parsed)) return geminiErrorFromBody(status, parsed, headers, settings.id);
    return parseAnthropicError(status, headers, body, settings);
  },
} satisfies ProviderAdapter;
