import type { CanonicalRequest, ReasoningConfig, ReasoningEffort } from '../../core/request.ts';
import type { ParsedRequest } from '../inbound-format.ts';
import { anthropicWording } from '../shared/describe-validation-issue.ts';
import { parseRequestBody } from '../shared/parse-request-body.ts';
import { convertMessageParams, convertSystem } from './convert-message-params.ts';
import { convertToolChoice, convertTools } from './convert-tools.ts';
import { knownFields, requestSchema, type MessagesRequestBody } from './request-schema.ts';

// Anthropic's effort scale runs past high; the canonical scale stops there.
const effortByAnthropicEffort = { low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' } as const satisfies Record<
  string,
  ReasoningEffort
>;

function reasoningOf(body: MessagesRequestBody): ReasoningConfig | undefined {
  const config: ReasoningConfig = {};
  const { thinking } = body;
  if (thinking?.type === 'enabled') Object.assign(config, { budgetTokens: thinking.budget_tokens, includeThoughts: true });
  else if (thinking?.type === 'disabled') config.disabled = true;
  // Adaptive: the model decides how much to think; only whether it is shown is said.
  else if (thinking?.type === 'adaptive') config.includeThoughts = thinking.display !== 'omitted';
  const effort = body.output_config?.effort;
  if (effort !== undefined) config.effort = effortByAnthropicEffort[effort];
  return Object.keys(config).length > 0 ? config : undefined;
}

/** A `/v1/messages` body into the canonical request; any invalid field is a 400 naming it. */
export function parseMessagesRequest(body: unknown): ParsedRequest {
  const b = parseRequestBody(requestSchema, body, anthropicWording);
  const request: CanonicalRequest = {
    model: b.model,
    messages: [...convertSystem(b.system), ...convertMessageParams(b.messages)],
    stream: b.stream === true,
    maxTokens: b.max_tokens,
  };
  if (b.temperature !== undefined) request.temperature = b.temperature;
  if (b.top_p !== undefined) request.topP = b.top_p;
  if (b.top_k !== undefined) request.topK = b.top_k;
  if (b.stop_sequences !== undefined) request.stop = b.stop_sequences;
  if (b.metadata?.user_id != null) request.user = b.metadata.user_id;
  if (b.tools !== undefined) request.tools = convertTools(b.tools);
  if (b.tool_choice !== undefined) Object.assign(request, convertToolChoice(b.tool_choice));
  const format = b.output_config?.format ?? b.output_format;
  // Anthropic's structured output has no name; OpenAI-format upstreams require one.
  if (format !== undefined) request.responseFormat = { type: 'json_schema', name: 'output', schema: format.schema };
  const reasoning = reasoningOf(b);
  if (reasoning) request.reasoning = reasoning;

  const extra = Object.fromEntries(Object.entries(b).filter(([key]) => !knownFields.has(key)));
  if (Object.keys(extra).length > 0) request.extra = extra;

  return { request, render: { requestedModel: b.model } };
}
