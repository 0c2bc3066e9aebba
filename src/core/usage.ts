/**
 * Token usage in one set of semantics, whatever the provider reported:
 * `inputTokens` counts every prompt token, cached reads and cache writes included (OpenAI's
 * `prompt_tokens`); `outputTokens` counts every generated token, reasoning included (OpenAI's
 * `completion_tokens`). Parsers convert into this; renderers convert out of it.
 */
export type Usage = {
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens served from the provider's cache (a subset of inputTokens). */
  cacheReadTokens?: number;
  /** Prompt tokens written to the provider's cache (a subset of inputTokens). */
  cacheWriteTokens?: number;
  /** Hidden or summarised thinking tokens (a subset of outputTokens). */
  reasoningTokens?: number;
};

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0 });

/** Later reports win field by field: providers send usage in pieces (Anthropic: input at start, output at end). */
export function mergeUsage(base: Usage | undefined, update: Partial<Usage>): Usage {
  const merged: Usage = { ...(base ?? emptyUsage()) };
  for (const [key, value] of Object.entries(update) as Array<[keyof Usage, number | undefined]>) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
