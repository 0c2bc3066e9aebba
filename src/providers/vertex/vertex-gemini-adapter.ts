import type { ProviderAdapter } from '../provider-adapter.ts';
import { googleAdapter } from '../google/index.ts';
import { buildGeminiBody } from '../google/build-gemini-request.ts';
import { vertexAuthHeaders, vertexModelUrl } from './vertex-url.ts';

/** Gemini on Vertex AI: the same generateContent format, at a project-scoped URL with OAuth. */
export const vertexGeminiAdapter = {
  ...googleAdapter,
  family: 'vertex',
  async buildRequest(request, upstreamModel, settings) {
    const method = request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    return {
      url: vertexModelUrl(settings, 'google', upstreamModel, method),
      method: 'POST',
      headers: { 'content-type': 'application/json', ...settings.headers, ...(await vertexAuthHeaders(settings)) },
      body: JSON.stringify(buildGeminiBody(request)),
    };
  },
} satisfies ProviderAdapter;
