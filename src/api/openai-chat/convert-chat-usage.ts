import type { Usage } from '../../core/usage.ts';
import type { OpenAiChatUsage } from '../../wire/openai-chat.ts';

/** Canonical usage already has OpenAI's semantics; only the layout changes. */
export function toChatUsage(usage: Usage): OpenAiChatUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
