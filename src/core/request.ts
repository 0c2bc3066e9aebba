import type { CacheControl, Message } from './message.ts';

/** JSON Schema as given by the client; providers receive it as is or adapted to their dialect. */
export type JsonSchema = Record<string, unknown>;

export type ToolDefinition = {
  name: string;
  description?: string;
  parameters: JsonSchema;
  strict?: boolean;
  /** Anthropic prompt-cache breakpoint after the tool list. */
  cacheControl?: CacheControl;
};

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonSchema; description?: string; strict?: boolean };

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

/**
 * How much the model should think. Formats speak of it differently (OpenAI: effort,
 * Anthropic: a token budget, Gemini: a thinking budget); adapters convert between them
 * with `core/reasoning-budget.ts`.
 */
export type ReasoningConfig = {
  effort?: ReasoningEffort;
  budgetTokens?: number;
  /** Return the thinking (or its summary) to the client, where the provider can. */
  includeThoughts?: boolean;
  /** Explicitly off (Gemini thinkingBudget 0, Anthropic thinking disabled). */
  disabled?: boolean;
};

/** The one request every inbound format parses into. Optional fields are "not given". */
export type CanonicalRequest = {
  /** The model as the client named it: a catalog id (`anthropic/claude-sonnet-4-5`) or `provider/upstream-id`. */
  model: string;
  messages: Message[];
  stream: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Number of choices; only OpenAI-format upstreams can give more than one. */
  n?: number;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningConfig;
  /** End-user id for abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
  /** Extra fields the inbound format carried that have no canonical meaning, kept for passthrough. */
  extra?: Record<string, unknown>;
};
