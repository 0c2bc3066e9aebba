import type { CanonicalRequest, ReasoningConfig, ResponseFormat } from '../../core/request.ts';
import type { ParsedRequest } from '../inbound-format.ts';
import { openAiWording } from '../shared/describe-validation-issue.ts';
import { parseRequestBody } from '../shared/parse-request-body.ts';
import { convertChatMessages } from './convert-chat-messages.ts';
import { knownFields, requestSchema, type ChatRequestBody } from './request-schema.ts';

function reasoningOf(body: ChatRequestBody): ReasoningConfig | undefined {
  const config: ReasoningConfig = {};
  const effort = body.reasoning_effort ?? body.reasoning?.effort;
  // gpt-5.1's `none` and OpenRouter's `enabled: false` both mean "do not think".
  if (effort === 'none' || body.reasoning?.enabled === false) config.disabled = true;
  else if (effort) config.effort = effort;
  if (body.reasoning?.max_tokens !== undefined) config.budgetTokens = body.reasoning.max_tokens;
  // Thinking comes back (as `reasoning_content`) unless excluded, as OpenRouter does: a client
  // that asked for reasoning from a model that can show it should see it.
  if (!config.disabled && (config.effort || config.budgetTokens !== undefined)) config.includeThoughts = body.reasoning?.exclude !== true;
  else if (body.reasoning?.exclude !== undefined) config.includeThoughts = !body.reasoning.exclude;
  return Object.keys(config).length > 0 ? config : undefined;
}

function responseFormatOf(format: NonNullable<ChatRequestBody['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, schema, description, strict } = format.json_schema;
  const result: ResponseFormat = { type: 'json_schema', name, schema: schema ?? {} };
  if (description !== undefined) result.description = description;
  if (strict != null) result.strict = strict;
  return result;
}

/** A `/v1/chat/completions` body into the canonical request; any invalid field is a 400 naming it. */
export function parseChatRequest(body: unknown): ParsedRequest {
  const b = parseRequestBody(requestSchema, body, openAiWording);
  const request: CanonicalRequest = { model: b.model, messages: convertChatMessages(b.messages), stream: b.stream === true };
  // null means "not given", as the OpenAI SDKs send it.
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (b.temperature != null) request.temperature = b.temperature;
  if (b.top_p != null) request.topP = b.top_p;
  if (b.stop != null) request.stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
  if (b.seed != null) request.seed = b.seed;
  if (b.presence_penalty != null) request.presencePenalty = b.presence_penalty;
  if (b.frequency_penalty != null) request.frequencyPenalty = b.frequency_penalty;
  if (b.n != null) request.n = b.n;
  if (b.user !== undefined) request.user = b.user;
  if (b.tools !== undefined) {
    request.tools = b.tools.map(({ function: f }) => ({
      name: f.name,
      ...(f.description !== undefined ? { description: f.description } : {}),
      parameters: f.parameters ?? { type: 'object', properties: {} },
      ...(f.strict != null ? { strict: f.strict } : {}),
    }));
  }
  if (b.tool_choice !== undefined) request.toolChoice = typeof b.tool_choice === 'string' ? b.tool_choice : { name: b.tool_choice.function.name };
  if (b.parallel_tool_calls !== undefined) request.parallelToolCalls = b.parallel_tool_calls;
  if (b.response_format !== undefined) request.responseFormat = responseFormatOf(b.response_format);
  const reasoning = reasoningOf(b);
  if (reasoning) request.reasoning = reasoning;

  const extra = Object.fromEntries(Object.entries(b).filter(([key]) => !knownFields.has(key)));
  if (Object.keys(extra).length > 0) request.extra = extra;

  return { request, render: { requestedModel: b.model, ...(b.stream_options?.include_usage ? { includeUsage: true } : {}) } };
}
