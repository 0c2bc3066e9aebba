import type { Usage } from '../../core/usage.ts';
import type { AnthropicUsage } from '../../wire/anthropic-messages.ts';

/**
 * Anthropic usage into canonical semantics. Anthropic's `input_tokens` counts only the
 * uncached remainder of the prompt, so the canonical total adds cache reads and writes back.
 * Thinking tokens are reported only by newer API versions (`output_tokens_details`); when
 * absent, reasoningTokens stays undefined rather than pretending to be 0.
 */
export function convertAnthropicUsage(usage: Partial<AnthropicUsage>): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const converted: Usage = {
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  };
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (typeof thinking === 'number') converted.reasoningTokens = thinking;
  return converted;
}
