import type { FinishReason } from './finish-reason.ts';
import type { GatewayError } from './errors.ts';
import type { Usage } from './usage.ts';

/**
 * A response stream as typed events. Content arrives as deltas; a new block begins whenever
 * the kind changes or a new tool call starts, so renderers that need explicit blocks
 * (Anthropic content blocks, Responses output items) derive them from the sequence alone.
 *
 * Order: `start`, then any mix of content events, then optional `usage` (may repeat; later
 * fields win), then exactly one `finish` or `error`.
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; created: number }
  | { type: 'text_delta'; text: string }
  | { type: 'reasoning_delta'; text: string }
  /** Closes the current reasoning block with its signature (Anthropic signature_delta, Gemini thoughtSignature). */
  | { type: 'reasoning_signature'; signature: string }
  | { type: 'reasoning_redacted'; data: string }
  /** `index` numbers tool calls within this response, from 0. */
  | { type: 'tool_call_start'; index: number; id: string; name: string; signature?: string }
  | { type: 'tool_call_delta'; index: number; arguments: string }
  | { type: 'usage'; usage: Partial<Usage> }
  | { type: 'finish'; reason: FinishReason; stopSequence?: string }
  | { type: 'error'; error: GatewayError };

export type StreamEventType = StreamEvent['type'];
