import type { Usage } from '../../core/usage.ts';
import type { GeminiUsageMetadata } from '../../wire/gemini.ts';

/**
 * Gemini `usageMetadata` in canonical semantics. Gemini counts thoughts apart from
 * `candidatesTokenCount`, so output = candidates + thoughts; `promptTokenCount` already
 * includes the cached tokens. `toolUsePromptTokenCount` (prompt tokens of built-in tool
 * results, e.g. search) is billed as input, so it is added to input.
 * Streams repeat the running totals on every chunk: callers keep the latest.
 */
export function convertGeminiUsage(metadata: GeminiUsageMetadata): Usage {
  const thoughts = metadata.thoughtsTokenCount ?? 0;
  const usage: Usage = {
    inputTokens: (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0),
    outputTokens: (metadata.candidatesTokenCount ?? 0) + thoughts,
  };
  if (metadata.cachedContentTokenCount !== undefined) usage.cacheReadTokens = metadata.cachedContentTokenCount;
  if (metadata.thoughtsTokenCount !== undefined) usage.reasoningTokens = thoughts;
  return usage;
}

/** Whether a chunk's metadata carries counts (partial-args chunks carry only `trafficType`). */
export function hasTokenCounts(metadata: GeminiUsageMetadata | undefined): metadata is GeminiUsageMetadata {
  return metadata?.promptTokenCount !== undefined || metadata?.totalTokenCount !== undefined;
}
