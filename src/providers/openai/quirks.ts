/**
 * How one OpenAI-compatible provider differs from OpenAI itself, as data. The adapter's
 * mechanism is shared; a new compatible provider (Groq, Together, DeepSeek, xAI, Mistral...)
 * is a `family` plus a quirks object, not a copied adapter.
 */
export type OpenAiCompatibleQuirks = {
  /** OpenAI reasoning models reject `max_tokens` (fixtures/openai-chat/error-400-unsupported-parameter-max-tokens.json); many compatibles only know `max_tokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /**
   * Field in which earlier assistant reasoning is sent back, or undefined to drop it.
   * OpenAI cannot take reasoning back; DeepSeek wants `reasoning_content` during tool loops.
   */
  reasoningEcho?: 'reasoning_content' | 'reasoning';
  /** Whether the provider takes `reasoning_effort`; if not, a requested effort is dropped rather than sent. */
  reasoningEffort: boolean;
  /** Whether `stream_options: {include_usage: true}` is accepted (it makes usage always known on streams). */
  streamUsage: boolean;
  /** Whether the provider takes `top_k` (OpenAI does not: a requested top_k is a 400). */
  topK: boolean;
};

/** OpenAI's own API. */
export const openAiQuirks = {
  maxTokensField: 'max_completion_tokens',
  reasoningEffort: true,
  streamUsage: true,
  topK: false,
} as const satisfies OpenAiCompatibleQuirks;
