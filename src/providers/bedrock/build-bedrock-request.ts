import { GatewayError } from '../../core/errors.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import type { ProviderSettings, UpstreamRequest } from '../provider-adapter.ts';
import type { BedrockConverseRequest } from '../../wire/bedrock-converse.ts';
import { readBedrockSettings } from './bedrock-settings.ts';
import { bedrockModelFamily } from './bedrock-model-family.ts';
import { convertToBedrockMessages, hasToolBlocks } from './convert-to-bedrock-messages.ts';
import { prepareBedrockTools } from './prepare-bedrock-tools.ts';
import { resolveBedrockReasoning } from './resolve-bedrock-reasoning.ts';
import { authorizeBedrockRequest } from './authorize-bedrock-request.ts';
import { bedrockModelUrl } from './bedrock-model-url.ts';

/** Converse has no JSON mode without a schema; `json_object` becomes an instruction, as for Anthropic. */
export const jsonObjectInstruction = 'Respond with a single valid JSON object and nothing else: no prose, no code fences.';

/** Parameters Converse has no equivalent for: a 400 naming each, never a silent drop. */
const unsupportedParameters = [
  ['seed', 'seed'],
  ['presencePenalty', 'presence_penalty'],
  ['frequencyPenalty', 'frequency_penalty'],
] as const satisfies ReadonlyArray<readonly [keyof CanonicalRequest, string]>;

/** The Converse body for a canonical request (the model id goes in the URL, `stream` in the path). */
export function buildBedrockBody(request: CanonicalRequest, modelId: string, provider: string): BedrockConverseRequest {
  for (const [field, param] of unsupportedParameters) {
    if (request[field] !== undefined) throw GatewayError.unsupported(`The '${param}' parameter`, provider, param);
  }
  if (request.n !== undefined && request.n > 1) throw GatewayError.unsupported('More than one choice (n > 1)', provider, 'n');

  const { system, messages } = convertToBedrockMessages(request.messages, provider);
  const format = request.responseFormat;
  if (format?.type === 'json_object') system.push({ text: jsonObjectInstruction });

  const reasoning = resolveBedrockReasoning(modelId, request.maxTokens, request.reasoning, provider);
  const additional: Record<string, unknown> = { ...reasoning.additionalFields };
  if (request.topK !== undefined) {
    // top_k is not a Converse field; Claude takes it as a model field, others have no documented one.
    if (bedrockModelFamily(modelId) !== 'anthropic') throw GatewayError.unsupported(`The 'top_k' parameter on model '${modelId}'`, provider, 'top_k');
    additional.top_k = request.topK;
  }

  const body: BedrockConverseRequest = { messages };
  if (system.length > 0) body.system = system;
  const maxTokens = reasoning.maxTokens ?? request.maxTokens;
  const inference = {
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { topP: request.topP } : {}),
    ...(request.stop !== undefined && request.stop.length > 0 ? { stopSequences: request.stop } : {}),
  };
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  Object.assign(body, prepareBedrockTools(request.tools, request.toolChoice, hasToolBlocks(messages)));
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;
  if (format?.type === 'json_schema') {
    body.outputConfig = {
      textFormat: {
        type: 'json_schema',
        // Converse wants the schema as a JSON string, not an object.
        structure: { jsonSchema: { schema: JSON.stringify(format.schema), name: format.name, ...(format.description ? { description: format.description } : {}) } },
      },
    };
  }
  return body;
}

/** `{baseUrl}/model/{modelId}/converse[-stream]`. */
export function bedrockUrl(baseUrl: string, modelId: string, stream: boolean): string {
  return bedrockModelUrl(baseUrl, modelId, stream ? 'converse-stream' : 'converse');
}

/**
 * The upstream HTTP request, authenticated with a Bedrock API key (`Authorization: Bearer`)
 * when one is configured, else signed with SigV4. Async because signing is.
 */
export async function buildBedrockRequest(
  request: CanonicalRequest,
  modelId: string,
  providerSettings: ProviderSettings,
  now: Date = new Date(),
): Promise<UpstreamRequest> {
  const settings = readBedrockSettings(providerSettings);
  const body = JSON.stringify(buildBedrockBody(request, modelId, settings.id));
  const unsigned: UpstreamRequest = {
    url: bedrockUrl(settings.baseUrl, modelId, request.stream),
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: request.stream ? 'application/vnd.amazon.eventstream' : 'application/json',
      ...settings.headers,
    },
    body,
  };
  return authorizeBedrockRequest(unsigned, settings, now);
}
