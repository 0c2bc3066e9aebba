import { GatewayError } from '../../core/errors.ts';
import { budgetToEffort } from '../../core/reasoning-budget.ts';
import type { CanonicalRequest, ReasoningEffort, ToolChoice } from '../../core/request.ts';
import type { OpenAiChatRequest, OpenAiChatResponseFormat, OpenAiChatToolChoice } from '../../wire/openai-chat.ts';
import type { ProviderSettings, UpstreamRequest } from '../provider-adapter.ts';
import { convertToOpenAiMessages } from './convert-to-openai-messages.ts';
import type { OpenAiCompatibleQuirks } from './quirks.ts';

function toolChoiceToOpenAi(choice: ToolChoice): OpenAiChatToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function responseFormatToOpenAi(format: NonNullable<CanonicalRequest['responseFormat']>): OpenAiChatResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const jsonSchema: Extract<OpenAiChatResponseFormat, { type: 'json_schema' }>['json_schema'] = { name: format.name, schema: format.schema };
  if (format.description !== undefined) jsonSchema.description = format.description;
  if (format.strict !== undefined) jsonSchema.strict = format.strict;
  return { type: 'json_schema', json_schema: jsonSchema };
}

function effortOf(request: CanonicalRequest): ReasoningEffort | undefined {
  const reasoning = request.reasoning;
  if (!reasoning || reasoning.disabled) return undefined;
  if (reasoning.effort) return reasoning.effort;
  return reasoning.budgetTokens !== undefined ? budgetToEffort(reasoning.budgetTokens) : undefined;
}

/** The canonical request as an OpenAI-compatible `POST {baseUrl}/chat/completions`. */
export function buildOpenAiRequest(
  request: CanonicalRequest,
  upstreamModel: string,
  settings: ProviderSettings,
  quirks: OpenAiCompatibleQuirks,
): UpstreamRequest {
  if (request.topK !== undefined && !quirks.topK) throw GatewayError.unsupported('top_k', settings.id, 'top_k');

  const body: OpenAiChatRequest = {
    model: upstreamModel,
    messages: convertToOpenAiMessages(request.messages, quirks, settings.id),
  };
  if (request.stream) {
    body.stream = true;
    if (quirks.streamUsage) body.stream_options = { include_usage: true };
  }
  if (request.maxTokens !== undefined) body[quirks.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stop !== undefined) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.n !== undefined) body.n = request.n;
  if (request.user !== undefined) body.user = request.user;
  if (request.tools !== undefined) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.parameters,
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
      },
    }));
  }
  if (request.toolChoice !== undefined) body.tool_choice = toolChoiceToOpenAi(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.responseFormat !== undefined) body.response_format = responseFormatToOpenAi(request.responseFormat);
  const effort = effortOf(request);
  if (effort !== undefined && quirks.reasoningEffort) body.reasoning_effort = effort;

  // Fields the client sent that have no canonical meaning pass through; canonical fields win.
  const merged = { ...request.extra, ...body };
  const built = buildOpenAiEndpoint(settings, request.stream);
  built.body = JSON.stringify(merged);
  return built;
}

/** `POST {baseUrl}/chat/completions` with its headers and no body: passthrough sends the client's. */
export function buildOpenAiEndpoint(settings: ProviderSettings, stream: boolean): UpstreamRequest {
  return {
    url: `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: stream ? 'text/event-stream' : 'application/json',
      ...(settings.apiKey !== undefined ? { authorization: `Bearer ${settings.apiKey}` } : {}),
      ...settings.headers,
    },
  };
}
