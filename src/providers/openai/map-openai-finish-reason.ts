import type { FinishReason } from '../../core/finish-reason.ts';

/** OpenAI-compatible finish reasons, by meaning. Unknown values become `other`, never an error. */
const finishReasons: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  // Mistral reports the context window running out as model_length.
  model_length: 'length',
  tool_calls: 'tool_calls',
  // The deprecated function-calling API.
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  // Mistral ends a failed generation with finish_reason "error".
  error: 'error',
};

export function mapOpenAiFinishReason(reason: string | null | undefined): FinishReason {
  if (reason == null) return 'other';
  return finishReasons[reason] ?? 'other';
}
