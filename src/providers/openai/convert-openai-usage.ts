import type { Usage } from '../../core/usage.ts';
import type { OpenAiChatUsage } from '../../wire/openai-chat.ts';

/**
 * OpenAI-compatible usage into canonical usage (which already has OpenAI's semantics).
 * Accepts the compatible variants: DeepSeek's `prompt_cache_hit_tokens`, and xAI's
 * completion_tokens that *exclude* reasoning tokens.
 */
export function convertOpenAiUsage(usage: OpenAiChatUsage): Usage {
  const input = usage.prompt_tokens ?? 0;
  let output = usage.completion_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  // xAI leaves reasoning out of completion_tokens, visible as total = prompt + completion + reasoning
  // (fixtures/xai/text.json: 12 + 1 + 228 = 241); OpenAI's total is prompt + completion.
  if (reasoning !== undefined && reasoning > 0 && usage.total_tokens === input + output + reasoning) output += reasoning;

  const result: Usage = { inputTokens: input, outputTokens: output };
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens;
  if (cached !== undefined) result.cacheReadTokens = cached;
  if (reasoning !== undefined) result.reasoningTokens = reasoning;
  return result;
}
