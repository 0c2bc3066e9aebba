import type { ProviderAdapter } from '../provider-adapter.ts';
import { buildOpenAiEndpoint, buildOpenAiRequest } from './build-openai-request.ts';
import { parseOpenAiError } from './parse-openai-error.ts';
import { parseOpenAiResponse } from './parse-openai-response.ts';
import { parseOpenAiStream } from './parse-openai-stream.ts';
import type { OpenAiCompatibleQuirks } from './quirks.ts';

/** One adapter mechanism for OpenAI and every OpenAI-compatible provider; they differ only by `quirks`. */
export function createOpenAiCompatibleAdapter(family: string, quirks: OpenAiCompatibleQuirks): ProviderAdapter {
  return {
    family,
    wireFormat: 'openai-chat',
    buildRequest: (request, upstreamModel, settings) => buildOpenAiRequest(request, upstreamModel, settings, quirks),
    // A Chat Completions client talking to a Chat Completions upstream: only the model changes.
    passthroughBody: (clientBody, upstreamModel) => JSON.stringify({ ...clientBody, model: upstreamModel }),
    buildPassthroughRequest: (_upstreamModel, settings, stream) => buildOpenAiEndpoint(settings, stream),
    parseResponse: (body) => parseOpenAiResponse(body, family),
    parseStream: (body) => parseOpenAiStream(body, family),
    parseError: (status, headers, body, settings) => parseOpenAiError(status, headers, body, settings.id),
  };
}
