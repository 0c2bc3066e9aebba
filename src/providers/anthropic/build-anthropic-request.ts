import { GatewayError } from '../../core/errors.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import type { ProviderSettings, UpstreamRequest } from '../provider-adapter.ts';
import type { AnthropicMessagesRequest, AnthropicTextBlock } from '../../wire/anthropic-messages.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { prepareAnthropicTools } from './prepare-anthropic-tools.ts';
import { resolveAnthropicThinking } from './resolve-anthropic-thinking.ts';

export const anthropicVersion = '2023-06-01';

/**
 * Anthropic has no JSON mode without a schema (structured outputs need one, with closed
 * objects), so `json_object` is emulated the way Anthropic's docs advise for JSON: an
 * instruction appended to the system prompt. The model follows it reliably but not provably.
 */
export const jsonObjectInstruction: AnthropicTextBlock = {
  type: 'text',
  text: 'Respond with a single valid JSON object and nothing else: no prose, no code fences.',
};

/** Parameters Anthropic has no equivalent for: a 400 naming each, never a silent drop. */
const unsupportedParameters = [
  ['seed', 'seed'],
  ['presencePenalty', 'presence_penalty'],
  ['frequencyPenalty', 'frequency_penalty'],
] as const satisfies ReadonlyArray<readonly [keyof CanonicalRequest, string]>;

/** The Messages API body for a canonical request. */
export function buildAnthropicBody(request: CanonicalRequest, upstreamModel: string, provider: string): AnthropicMessagesRequest {
  for (const [field, param] of unsupportedParameters) {
    if (request[field] !== undefined) throw GatewayError.unsupported(`The '${param}' parameter`, provider, param);
  }
  if (request.n !== undefined && request.n > 1) throw GatewayError.unsupported('More than one choice (n > 1)', provider, 'n');

  const { system, messages } = convertToAnthropicMessages(request.messages, provider);
  const format = request.responseFormat;
  if (format?.type === 'json_object') system.push(jsonObjectInstruction);

  const body: AnthropicMessagesRequest = {
    model: upstreamModel,
    messages,
    ...resolveAnthropicThinking(upstreamModel, request.maxTokens, request.reasoning),
  };
  if (system.length > 0) body.system = system;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  Object.assign(body, prepareAnthropicTools(request.tools, request.toolChoice, request.parallelToolCalls));
  // The GA spelling of structured outputs; needs no beta header (the beta used `output_format`).
  if (format?.type === 'json_schema') body.output_config = { format: { type: 'json_schema', schema: format.schema } };
  if (request.stream) body.stream = true;
  return body;
}

/** The upstream HTTP request: POST {baseUrl}/v1/messages with Anthropic's key and version headers. */
export function buildAnthropicRequest(request: CanonicalRequest, upstreamModel: string, settings: ProviderSettings): UpstreamRequest {
  const built = buildAnthropicEndpoint(settings, request.stream);
  built.body = JSON.stringify(buildAnthropicBody(request, upstreamModel, settings.id));
  return built;
}

/** `POST {baseUrl}/v1/messages` with its headers and no body: passthrough sends the client's. */
export function buildAnthropicEndpoint(settings: ProviderSettings, stream: boolean): UpstreamRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': anthropicVersion,
    accept: stream ? 'text/event-stream' : 'application/json',
    ...settings.headers,
  };
  if (settings.apiKey !== undefined) headers['x-api-key'] = settings.apiKey;
  return { url: `${settings.baseUrl.replace(/\/+$/, '')}/v1/messages`, method: 'POST', headers };
}
