/**
 * Why generation ended, by meaning. Each provider's own reasons map into this
 * (`providers/<name>/map-*-finish-reason.ts`) and each client format maps out of it.
 */
export type FinishReason =
  | 'stop' // natural end of turn
  | 'stop_sequence' // a client stop sequence matched
  | 'length' // max tokens reached
  | 'tool_calls' // the model wants tools run
  | 'content_filter' // provider safety system cut the output
  | 'refusal' // the model declined
  | 'pause' // Anthropic pause_turn: a long server-side turn to be continued
  | 'error'
  | 'other';
