import { GatewayError } from '../../core/errors.ts';
import type { AssistantPart } from '../../core/message.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import type { OpenAiChatResponse } from '../../wire/openai-chat.ts';
import { convertOpenAiUsage } from './convert-openai-usage.ts';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.ts';
import { readOpenAiContent, readOpenAiReasoning } from './read-openai-content.ts';

/** A non-streamed OpenAI-compatible `chat.completion` body into the canonical response (first choice). */
export function parseOpenAiResponse(body: unknown, provider: string): CanonicalResponse {
  const response = body as Partial<OpenAiChatResponse> | null;
  const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
  if (!response || typeof response !== 'object' || !choice || typeof choice.message !== 'object' || choice.message === null) {
    throw new GatewayError({ status: 502, code: 'upstream_error', message: 'Upstream returned a chat completion without choices.', provider });
  }
  const message = choice.message;
  const content: AssistantPart[] = [];
  const reasoning = readOpenAiReasoning(message);
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  for (const piece of readOpenAiContent(message.content)) {
    content.push(piece.kind === 'text' ? { type: 'text', text: piece.text } : { type: 'reasoning', text: piece.text });
  }
  const refusal = typeof message.refusal === 'string' && message.refusal ? message.refusal : undefined;
  if (refusal) content.push({ type: 'text', text: refusal });
  for (const call of message.tool_calls ?? []) {
    content.push({ type: 'tool_call', id: call.id, name: call.function.name, arguments: call.function.arguments ?? '' });
  }

  let finishReason = mapOpenAiFinishReason(choice.finish_reason);
  // OpenAI reports a refusal as a `refusal` string with finish_reason "stop".
  if (refusal && finishReason === 'stop') finishReason = 'refusal';
  return {
    id: response.id ?? '',
    model: response.model ?? '',
    created: response.created ?? 0,
    content,
    finishReason,
    usage: response.usage ? convertOpenAiUsage(response.usage) : { inputTokens: 0, outputTokens: 0 },
  };
}
