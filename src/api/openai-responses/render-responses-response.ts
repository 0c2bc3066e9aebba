import type { CanonicalResponse } from '../../core/response.ts';
import type { ResponsesOutputItem, ResponsesResponse } from '../../wire/openai-responses.ts';
import { buildResponseObject, responseIdFor } from './build-response-object.ts';
import { toResponsesUsage } from './convert-responses-usage.ts';
import { mapResponsesStatus } from './map-responses-status.ts';
import { functionCallItem, messageItem, newItemId, reasoningItem } from './output-items.ts';
import type { ResponsesRenderOptions } from './responses-echo.ts';

/**
 * Canonical content parts as output items, in order: reasoning → `reasoning` items, runs of
 * text → one `message` item, tool calls → `function_call` items. When the response was cut
 * short, the last message or call is marked incomplete, as OpenAI marks it.
 */
export function toOutputItems(content: CanonicalResponse['content'], truncated: boolean): ResponsesOutputItem[] {
  const items: ResponsesOutputItem[] = [];
  for (const part of content) {
    const last = items[items.length - 1];
    if (part.type === 'text') {
      if (last?.type === 'message' && last.content[0]?.type === 'output_text') last.content[0].text += part.text;
      else items.push(messageItem(newItemId.message(), part.text, 'completed'));
    } else if (part.type === 'reasoning') {
      items.push(reasoningItem(newItemId.reasoning(), part));
    } else {
      items.push(functionCallItem(newItemId.function_call(), part, 'completed'));
    }
  }
  const last = items[items.length - 1];
  if (truncated && last !== undefined && last.type !== 'reasoning') last.status = 'incomplete';
  return items;
}

/** A whole canonical response as a Responses `response` object. */
export function renderResponsesResponse(response: CanonicalResponse, options: ResponsesRenderOptions): ResponsesResponse {
  const outcome = mapResponsesStatus(response.finishReason);
  return buildResponseObject(
    {
      id: responseIdFor(response.id),
      createdAt: response.created,
      status: outcome.status,
      output: toOutputItems(response.content, outcome.status === 'incomplete'),
      usage: toResponsesUsage(response.usage),
      ...(outcome.status === 'completed' ? { completedAt: Math.floor(Date.now() / 1000) } : {}),
      ...(outcome.status === 'incomplete' ? { incompleteReason: outcome.reason } : {}),
      ...(outcome.status === 'failed' ? { error: { code: 'server_error', message: 'The model stopped with an error.' } } : {}),
    },
    options,
  );
}
