import type { FinishReason } from '../../core/finish-reason.ts';
import type { OpenAiChatFinishReason } from '../../wire/openai-chat.ts';

/** Canonical finish reasons as Chat Completions clients know them; OpenAI has no pause, refusal or error reasons. */
export const chatFinishReasons = {
  stop: 'stop',
  stop_sequence: 'stop',
  pause: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  refusal: 'content_filter',
  error: 'stop',
  other: 'stop',
} as const satisfies Record<FinishReason, OpenAiChatFinishReason>;
