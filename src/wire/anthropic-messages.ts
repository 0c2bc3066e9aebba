/**
 * The Anthropic Messages API (`POST /v1/messages`, `anthropic-version: 2023-06-01`) on the wire:
 * request body, content blocks, response, stream events and error body. Types only, shared by
 * the Anthropic provider adapter, the emulator and the inbound `/v1/messages` API.
 *
 * Open unions (`AnthropicUnknownBlock`, `string & {}` on type names) admit what Anthropic adds
 * later — server tools, new block kinds — so parsers must switch on `type` and skip the rest.
 */

// ---------------------------------------------------------------- shared pieces

export type AnthropicCacheControl = { type: 'ephemeral'; ttl?: '5m' | '1h' };

export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

export type AnthropicDocumentSource =
  | { type: 'base64'; media_type: 'application/pdf'; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: 'text/plain'; data: string }
  | { type: 'file'; file_id: string };

// ---------------------------------------------------------------- content blocks

export type AnthropicTextBlock = {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
  /** Present on responses when citations were enabled; kept opaque. */
  citations?: unknown[] | null;
};

export type AnthropicImageBlock = {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl;
};

export type AnthropicDocumentBlock = {
  type: 'document';
  source: AnthropicDocumentSource;
  title?: string;
  context?: string;
  citations?: { enabled: boolean };
  cache_control?: AnthropicCacheControl;
};

/** Extended thinking; `signature` must be echoed back byte-exact in later turns. */
export type AnthropicThinkingBlock = { type: 'thinking'; thinking: string; signature: string };

/** Thinking the safety system encrypted; `data` is opaque and must be echoed back as is. */
export type AnthropicRedactedThinkingBlock = { type: 'redacted_thinking'; data: string };

export type AnthropicToolUseBlock = {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
  /** Who called the tool (`{type:'direct'}`), sent by newer API versions; see stream-tool-use.sse.txt. */
  caller?: { type: string; [key: string]: unknown };
};

export type AnthropicToolResultBlock = {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
};

/** A tool Anthropic runs itself (web_search, web_fetch, code execution). */
export type AnthropicServerToolUseBlock = {
  type: 'server_tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
};

/** Results of server tools: `web_search_tool_result`, `web_fetch_tool_result`, `bash_code_execution_tool_result`... */
export type AnthropicServerToolResultBlock = {
  type: `${string}_tool_result`;
  tool_use_id: string;
  content: unknown;
};

/** Any block type this file does not name yet. */
export type AnthropicUnknownBlock = { type: string & {}; [key: string]: unknown };

export type AnthropicUserContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolResultBlock;

export type AnthropicAssistantContentBlock =
  | AnthropicTextBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicToolUseBlock
  | AnthropicServerToolUseBlock
  | AnthropicServerToolResultBlock;

/** Blocks a response can carry. */
export type AnthropicResponseContentBlock = AnthropicAssistantContentBlock | AnthropicUnknownBlock;

// ---------------------------------------------------------------- request

export type AnthropicMessageParam =
  | { role: 'user'; content: string | AnthropicUserContentBlock[] }
  | { role: 'assistant'; content: string | AnthropicAssistantContentBlock[] };

/** A client tool; server tools (`{type:'web_search_20250305', name, ...}`) are `AnthropicServerTool`. */
export type AnthropicTool = {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
  /** Structured-outputs strict tool input validation. */
  strict?: boolean;
  type?: 'custom';
};

export type AnthropicServerTool = { type: string; name: string; [key: string]: unknown };

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'disabled' }
  | { type: 'adaptive'; display?: 'summarized' | 'omitted' };

export type AnthropicJsonOutputFormat = { type: 'json_schema'; schema: Record<string, unknown> };

/** GA structured outputs and effort control (`output_config`); no beta header needed. */
export type AnthropicOutputConfig = {
  format?: AnthropicJsonOutputFormat;
  effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max';
};

export type AnthropicMessagesRequest = {
  model: string;
  messages: AnthropicMessageParam[];
  /** Required by Anthropic, unlike OpenAI. */
  max_tokens: number;
  system?: string | AnthropicTextBlock[];
  metadata?: { user_id?: string };
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: Array<AnthropicTool | AnthropicServerTool>;
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  /** The beta spelling of structured outputs (header `anthropic-beta: structured-outputs-2025-11-13`). */
  output_format?: AnthropicJsonOutputFormat;
  service_tier?: 'auto' | 'standard_only';
  container?: string;
};

// ---------------------------------------------------------------- response

export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export type AnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number } | null;
  /** Newer API versions report thinking tokens (a subset of output_tokens); see stream-server-tool-prompt-cache.chunks.txt. */
  output_tokens_details?: { thinking_tokens?: number } | null;
  server_tool_use?: { web_search_requests?: number; web_fetch_requests?: number } | null;
  service_tier?: string | null;
  inference_geo?: string | null;
};

export type AnthropicMessage = {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
  container?: { id: string; expires_at: string } | null;
  context_management?: unknown;
};

// ---------------------------------------------------------------- stream events

export type AnthropicMessageStartEvent = { type: 'message_start'; message: AnthropicMessage };

export type AnthropicContentBlockStartEvent = {
  type: 'content_block_start';
  index: number;
  content_block: AnthropicResponseContentBlock;
};

export type AnthropicContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation: unknown };

export type AnthropicContentBlockDeltaEvent = {
  type: 'content_block_delta';
  index: number;
  delta: AnthropicContentBlockDelta;
};

export type AnthropicContentBlockStopEvent = { type: 'content_block_stop'; index: number };

/** Usage here is cumulative; input and cache fields may appear too (server tools add input mid-turn). */
export type AnthropicMessageDeltaEvent = {
  type: 'message_delta';
  delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null; [key: string]: unknown };
  usage: Partial<AnthropicUsage> & { output_tokens: number };
};

export type AnthropicMessageStopEvent = { type: 'message_stop' };
export type AnthropicPingEvent = { type: 'ping' };
export type AnthropicErrorEvent = { type: 'error'; error: AnthropicErrorBody['error'] };

export type AnthropicStreamEvent =
  | AnthropicMessageStartEvent
  | AnthropicContentBlockStartEvent
  | AnthropicContentBlockDeltaEvent
  | AnthropicContentBlockStopEvent
  | AnthropicMessageDeltaEvent
  | AnthropicMessageStopEvent
  | AnthropicPingEvent
  | AnthropicErrorEvent;

export type AnthropicStreamEventType = AnthropicStreamEvent['type'];

// ---------------------------------------------------------------- errors

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** Every error response body, and the payload of a mid-stream `event: error`. */
export type AnthropicErrorBody = {
  type: 'error';
  error: { type: AnthropicErrorType | (string & {}); message: string };
  request_id?: string;
};
