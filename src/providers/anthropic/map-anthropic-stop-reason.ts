import type { FinishReason } from '../../core/finish-reason.ts';
import type { AnthropicStopReason } from '../../wire/anthropic-messages.ts';

const finishReasonByStopReason = {
  end_turn: 'stop',
  stop_sequence: 'stop_sequence',
  max_tokens: 'length',
  // The context window filled before max_tokens: to a client it is the same "ran out of room".
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  pause_turn: 'pause',
  refusal: 'refusal',
} as const satisfies Record<AnthropicStopReason, FinishReason>;

/** Anthropic's `stop_reason` by meaning; null or an unknown future reason becomes `other`. */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  if (reason && Object.hasOwn(finishReasonByStopReason, reason)) {
    return finishReasonByStopReason[reason as AnthropicStopReason];
  }
  return 'other';
}
