import { randomId } from '../../core/ids.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import type { OpenAiChatResponse, OpenAiChatResponseMessage } from '../../wire/openai-chat.ts';
import type { RenderOptions } from '../inbound-format.ts';
import { toChatUsage } from './convert-chat-usage.ts';
import { chatFinishReasons } from './map-chat-finish-reason.ts';

/** A whole canonical response as a `chat.completion` object. */
export function renderChatResponse(response: CanonicalResponse, options: RenderOptions): OpenAiChatResponse {
  const text = response.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const reasoning = response.content.flatMap((part) => (part.type === 'reasoning' ? [part.text] : [])).join('');
  const toolCalls = response.content.flatMap((part) =>
    part.type === 'tool_call' ? [{ id: part.id, type: 'function' as const, function: { name: part.name, arguments: part.arguments } }] : [],
  );
  const message: OpenAiChatResponseMessage = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  // The field DeepSeek- and OpenRouter-aware clients read the model's thinking from.
  if (reasoning) message.reasoning_content = reasoning;
  return {
    id: response.id || randomId('chatcmpl-'),
    object: 'chat.completion',
    created: response.created || Math.floor(Date.now() / 1000),
    model: options.requestedModel,
    choices: [{ index: 0, message, finish_reason: chatFinishReasons[response.finishReason], logprobs: null }],
    usage: toChatUsage(response.usage),
  };
}
