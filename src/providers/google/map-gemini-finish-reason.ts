import type { FinishReason } from '../../core/finish-reason.ts';

const byGeminiReason: Record<string, FinishReason> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
  // The model tried to call a tool and failed to form the call: the turn is broken, not merely over.
  MALFORMED_FUNCTION_CALL: 'error',
  UNEXPECTED_TOOL_CALL: 'error',
  TOO_MANY_TOOL_CALLS: 'error',
  MISSING_THOUGHT_SIGNATURE: 'error',
};

/**
 * Gemini's `finishReason` by meaning. Gemini says STOP even when the turn ends in function
 * calls (function-call.json: STOP + "Model generated function call(s)."), so a response
 * holding any call is `tool_calls`. LANGUAGE, OTHER, NO_IMAGE... become `other`.
 */
export function mapGeminiFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === 'STOP' && hasToolCalls) return 'tool_calls';
  return (reason !== undefined ? byGeminiReason[reason] : undefined) ?? 'other';
}

/** A prompt blocked before generation (`promptFeedback.blockReason`, no candidates) is a content filter. */
export const blockedPromptFinishReason: FinishReason = 'content_filter';
