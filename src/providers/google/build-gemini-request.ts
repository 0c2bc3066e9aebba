import { GatewayError } from '../../core/errors.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import type { GeminiGenerateContentRequest } from '../../wire/gemini.ts';
import type { ProviderSettings, UpstreamRequest } from '../provider-adapter.ts';
import { buildGeminiGenerationConfig } from './build-gemini-generation-config.ts';
import { convertToGeminiContents } from './convert-to-gemini-contents.ts';
import { prepareGeminiTools } from './prepare-gemini-tools.ts';

/** The Gemini request body for a canonical request; throws GatewayError 400 for what Gemini cannot express. */
export function buildGeminiBody(request: CanonicalRequest): GeminiGenerateContentRequest {
  // Gemini has no switch to forbid parallel calls; dropping the ask silently could run
  // tools the client meant to serialise, so an explicit false is refused.
  if (request.parallelToolCalls === false) throw GatewayError.unsupported('parallel_tool_calls: false', 'google', 'parallel_tool_calls');
  // `user` (abuse-monitoring metadata) has no Gemini field; it does not change generation, so it is not sent.
  const { systemInstruction, contents } = convertToGeminiContents(request.messages);
  if (contents.length === 0) throw GatewayError.invalidRequest('Gemini needs at least one user or assistant message.', 'messages');
  const body: GeminiGenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const { tools, toolConfig } = prepareGeminiTools(request.tools, request.toolChoice);
  if (tools) body.tools = tools;
  if (toolConfig) body.toolConfig = toolConfig;
  const generationConfig = buildGeminiGenerationConfig(request);
  if (generationConfig) body.generationConfig = generationConfig;
  return body;
}

/**
 * `POST {baseUrl}/v1beta/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse`
 * for streams (without alt=sse Google streams a JSON array instead of events).
 */
export function buildGeminiRequest(request: CanonicalRequest, upstreamModel: string, settings: ProviderSettings): UpstreamRequest {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const model = encodeURIComponent(upstreamModel.replace(/^models\//, ''));
  const url = request.stream ? `${base}/v1beta/models/${model}:streamGenerateContent?alt=sse` : `${base}/v1beta/models/${model}:generateContent`;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
  if (settings.apiKey !== undefined) headers['x-goog-api-key'] = settings.apiKey;
  return { url, method: 'POST', headers, body: JSON.stringify(buildGeminiBody(request)) };
}
