import type { Usage } from '../../core/usage.ts';

/** The usage fields the gateway reports, in Anthropic's semantics. */
export type RenderedUsage = {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
};

/**
 * Canonical usage in Anthropic's semantics: Anthropic's `input_tokens` counts only the
 * uncached remainder of the prompt, with cache reads and writes reported beside it, whereas
 * canonical `inputTokens` includes both (usage-cache-multi-turn.vcr.yaml shows the split).
 */
export function renderUsage(usage: Usage): RenderedUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens,
  };
}
