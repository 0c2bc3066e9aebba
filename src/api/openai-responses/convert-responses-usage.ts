import type { Usage } from '../../core/usage.ts';
import type { ResponsesUsage } from '../../wire/openai-responses.ts';

/** Canonical usage in Responses terms: the same semantics (input includes cached, output includes reasoning), other names. */
export function toResponsesUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}
