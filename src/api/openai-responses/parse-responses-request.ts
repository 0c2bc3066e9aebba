import { GatewayError } from '../../core/errors.ts';
import type { CanonicalRequest, ReasoningConfig, ResponseFormat } from '../../core/request.ts';
import type { ParsedRequest } from '../inbound-format.ts';
import type { ResponsesTextFormat } from '../../wire/openai-responses.ts';
import { openAiWording } from '../shared/describe-validation-issue.ts';
import { parseRequestBody } from '../shared/parse-request-body.ts';
import { convertResponsesInput, statelessError } from './convert-responses-input.ts';
import { parseResponsesToolChoice, parseResponsesTools } from './parse-responses-tools.ts';
import { knownFields, requestSchema, type ResponsesRequestBody } from './request-schema.ts';
import { defaultEcho, type ResponsesEcho, type ResponsesRenderOptions } from './responses-echo.ts';

/**
 * Server-side state is refused with a 400 that says why. `store: true` is refused too: a client
 * that asks for storage means to use it later (previous_response_id, GET /v1/responses/{id}),
 * and would otherwise fail far from the cause. Absent or false `store` is the stateless default.
 */
function refuseState(body: ResponsesRequestBody): void {
  if (body.previous_response_id) throw statelessError('previous_response_id', 'previous_response_id');
  if (body.conversation != null) throw statelessError('conversation', 'conversation');
  if (body.store === true) throw statelessError('store: true', 'store');
  if (body.prompt != null) throw statelessError('prompt (a stored prompt template)', 'prompt');
  if (body.background === true) throw statelessError('background: true', 'background');
}

function reasoningOf(body: ResponsesRequestBody): ReasoningConfig | undefined {
  if (!body.reasoning) return undefined;
  const config: ReasoningConfig = {};
  const { effort, summary } = body.reasoning;
  if (effort === 'none') config.disabled = true;
  // The canonical scale stops at high; xhigh asks for the most there is.
  else if (effort) config.effort = effort === 'xhigh' ? 'high' : effort;
  if (summary) config.includeThoughts = true;
  return Object.keys(config).length > 0 ? config : undefined;
}

function responseFormatOf(format: ResponsesTextFormat): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const result: ResponseFormat = { type: 'json_schema', name: format.name, schema: format.schema };
  if (format.description !== undefined) result.description = format.description;
  if (format.strict != null) result.strict = format.strict;
  return result;
}

/** A `/v1/responses` body into the canonical request; any invalid field is a 400 naming it. */
export function parseResponsesRequest(body: unknown): ParsedRequest & { render: ResponsesRenderOptions } {
  const b = parseRequestBody(requestSchema, body, openAiWording);
  refuseState(b);

  const messages = convertResponsesInput(b.input);
  if (b.instructions) messages.unshift({ role: 'system', content: [{ type: 'text', text: b.instructions }] });
  if (messages.length === 0) throw GatewayError.invalidRequest('input: must contain at least one item', 'input');

  const request: CanonicalRequest = { model: b.model, messages, stream: b.stream === true };
  const echo: ResponsesEcho = defaultEcho();
  // null means "not given", as the OpenAI SDKs send it.
  if (b.max_output_tokens != null) request.maxTokens = echo.max_output_tokens = b.max_output_tokens;
  if (b.temperature != null) request.temperature = echo.temperature = b.temperature;
  if (b.top_p != null) request.topP = echo.top_p = b.top_p;
  if (b.user !== undefined) request.user = echo.user = b.user;
  if (b.tools !== undefined) {
    const tools = parseResponsesTools(b.tools);
    if (tools.definitions.length > 0) request.tools = tools.definitions;
    echo.tools = tools.echo.map((tool) => ({ type: 'function', description: tool.description ?? null, name: tool.name, parameters: tool.parameters ?? null, strict: tool.strict ?? null }));
  }
  if (b.tool_choice !== undefined) request.toolChoice = parseResponsesToolChoice(b.tool_choice);
  if (b.tool_choice !== undefined) echo.tool_choice = b.tool_choice;
  if (b.parallel_tool_calls != null) request.parallelToolCalls = echo.parallel_tool_calls = b.parallel_tool_calls;
  if (b.text?.format) {
    request.responseFormat = responseFormatOf(b.text.format);
    echo.text = { format: b.text.format };
  }
  const reasoning = reasoningOf(b);
  if (reasoning) request.reasoning = reasoning;
  if (b.reasoning) echo.reasoning = { effort: b.reasoning.effort ?? null, summary: b.reasoning.summary ?? null };
  if (b.instructions != null) echo.instructions = b.instructions;
  if (b.metadata != null) echo.metadata = b.metadata;
  if (b.truncation != null) echo.truncation = b.truncation;
  if (b.max_tool_calls != null) echo.max_tool_calls = b.max_tool_calls;

  const extra = Object.fromEntries(Object.entries(b).filter(([key]) => !knownFields.has(key)));
  // Chat Completions names the same knob top-level, so an OpenAI-style upstream gets it.
  if (b.text?.verbosity) extra.verbosity = b.text.verbosity;
  if (Object.keys(extra).length > 0) request.extra = extra;

  return { request, render: { requestedModel: b.model, echo } };
}
