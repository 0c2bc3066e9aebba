import type { Usage } from '../../core/usage.ts';
import type { BedrockUsage } from '../../wire/bedrock-converse.ts';

/**
 * Converse usage in canonical semantics. Bedrock's `inputTokens` excludes cache reads and
 * writes, like Anthropic's (usage-cache-write-and-read.vcr.yaml: inputTokens 2 with
 * cacheWriteInputTokens 1322, then 2 with cacheReadInputTokens 1322; totalTokens 1329 counts
 * all three), so the canonical input adds them back. Reasoning tokens are not reported apart.
 */
export function convertBedrockUsage(usage: Partial<BedrockUsage> | undefined): Usage {
  const cacheRead = usage?.cacheReadInputTokens ?? usage?.cacheReadInputTokenCount ?? 0;
  const cacheWrite = usage?.cacheWriteInputTokens ?? usage?.cacheWriteInputTokenCount ?? 0;
  const converted: Usage = {
    inputTokens: (usage?.inputTokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage?.outputTokens ?? 0,
  };
  // Only models with prompt caching report the cache fields; absent stays absent rather than 0.
  if (usage?.cacheReadInputTokens !== undefined || usage?.cacheReadInputTokenCount !== undefined) converted.cacheReadTokens = cacheRead;
  if (usage?.cacheWriteInputTokens !== undefined || usage?.cacheWriteInputTokenCount !== undefined) converted.cacheWriteTokens = cacheWrite;
  return converted;
}
