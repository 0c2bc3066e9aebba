import type { FinishReason } from '../../core/finish-reason.ts';
import type { BedrockStopReason } from '../../wire/bedrock-converse.ts';

const stopReasons: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop_sequence',
  max_tokens: 'length',
  // The context window filled up mid-answer: to the client, the answer was cut for length.
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
  malformed_model_output: 'error',
  malformed_tool_use: 'error',
} satisfies Partial<Record<BedrockStopReason, FinishReason>>;

/** A Converse `stopReason` by meaning; reasons added later map to `other`. */
export function mapBedrockStopReason(reason: BedrockStopReason | null | undefined): FinishReason {
  return (reason && stopReasons[reason]) || 'other';
}
