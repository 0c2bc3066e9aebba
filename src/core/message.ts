/**
 * The canonical conversation: what every inbound API format parses into and every
 * provider adapter renders from. Formats differ in layout (Anthropic keeps the system
 * prompt apart, OpenAI puts tool results in their own messages); the canonical form keeps
 * the meaning and lets each side choose the layout.
 */

export type ImageSource =
  | { kind: 'url'; url: string }
  | { kind: 'base64'; mediaType: string; data: string };

export type TextPart = { type: 'text'; text: string; cacheControl?: CacheControl };

export type ImagePart = {
  type: 'image';
  source: ImageSource;
  /** OpenAI's `detail` hint; other providers ignore it. */
  detail?: 'auto' | 'low' | 'high';
  cacheControl?: CacheControl;
};

/**
 * A model's earlier reasoning, carried back in a multi-turn conversation.
 * `signature` (Anthropic thinking signature, Gemini thoughtSignature) must round-trip
 * byte-exact or the provider rejects the turn; `redacted` is Anthropic's encrypted thinking.
 */
export type ReasoningPart = { type: 'reasoning'; text: string; signature?: string; redacted?: string };

export type ToolCallPart = {
  type: 'tool_call';
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model produced them. */
  arguments: string;
  /** Gemini attaches a thought signature to function calls; it must be echoed back. */
  signature?: string;
};

export type ToolResultPart = {
  type: 'tool_result';
  toolCallId: string;
  /** Gemini matches results by function name, not id; formats that carry it fill it in. */
  name?: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
};

export type CacheControl = { type: 'ephemeral'; ttl?: '5m' | '1h' };

export type UserPart = TextPart | ImagePart;
export type AssistantPart = TextPart | ReasoningPart | ToolCallPart;

export type Message =
  | { role: 'system'; content: TextPart[] }
  | { role: 'user'; content: UserPart[]; name?: string }
  | { role: 'assistant'; content: AssistantPart[]; name?: string }
  | { role: 'tool'; content: ToolResultPart[] };

export type Role = Message['role'];
