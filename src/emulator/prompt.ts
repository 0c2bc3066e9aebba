import type { JsonSchema } from './schema-example.ts';

/** The last turn decides what the emulated model does. */
export type LastTurn =
  | { kind: 'user'; text: string; images: number }
  | { kind: 'tool_results'; results: string[] };

export type OfferedTool = { name: string; schema: JsonSchema };

/**
 * What the emulator needs from a request, whatever dialect it came in. Each dialect parses
 * its own body into this, so the behaviour (`plan-reply.ts`) is written once.
 */
export type Prompt = {
  model: string;
  stream: boolean;
  /** Every message's text (system, turns, tool calls and results) in order: token counting and prompt caching. */
  text: string;
  images: number;
  last: LastTurn;
  tools: OfferedTool[];
  toolChoice: 'auto' | 'none' | 'required' | { name: string };
  parallelToolCalls: boolean;
  output: { kind: 'text' } | { kind: 'json' } | { kind: 'schema'; schema: JsonSchema };
  thinking: boolean;
  maxTokens?: number;
  stop: string[];
  /** Whether the stream reports usage (OpenAI only sends it with `stream_options.include_usage`). */
  streamUsage: boolean;
  /**
   * Anthropic's explicit caching: the request up to its last `cache_control` breakpoint.
   * Absent means automatic prefix caching (OpenAI, Gemini).
   */
  cachePrefix?: { key: string; tokens: number };
};
