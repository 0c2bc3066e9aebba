import type { FinishReason } from '../../core/finish-reason.ts';
import type { AnthropicStopReason } from '../../wire/anthropic-messages.ts';

const stopReasonByFinishReason = {
  stop: 'end_turn',
  stop_sequence: 'stop_sequence',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  pause: 'pause_turn',
  refusal: 'refusal',
  // Anthropic has no separate "filtered" reason; its safety stops are reported as refusal.
  content_filter: 'refusal',
  // A turn that ended without a stated reason reads to an Anthropic client as a normal end.
  error: 'end_turn',
  other: 'end_turn',
} as const satisfies Record<FinishReason, AnthropicStopReason>;

/** A canonical finish reason as Anthropic's `stop_reason`. */
export function mapStopReason(reason: FinishReason): AnthropicStopReason {
  return stopReasonByFinishReason[reason];
}

/** `stop_sequence` is set only when a stop sequence is why the turn ended, and null otherwise. */
export function stopSequenceFor(reason: FinishReason, stopSequence: string | undefined): string | null {
  return reason === 'stop_sequence' ? (stopSequence ?? null) : null;
}
