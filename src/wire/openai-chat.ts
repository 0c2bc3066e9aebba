/**
 * The OpenAI Chat Completions wire format (`POST /v1/chat/completions`), as types only.
 * Shared by the inbound API (`api/openai-chat/`), the provider adapter (`providers/openai/`)
 * and the emulator. Fields that OpenAI-compatible providers add (DeepSeek/xAI
 * `reasoning_content`, Groq `reasoning` and `x_groq`, Mistral typed content chunks) are
 * included as optional, marked with the provider that sends them.
 */

// ---------- request ----------

export type OpenAiChatTextPart = { type: 'text'; text: string };

export type OpenAiChatImagePart = {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
};

export type OpenAiChatInputAudioPart = {
  type: 'input_audio';
  input_audio: { data: string; format: 'wav' | 'mp3' };
};

export type OpenAiChatFilePart = {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
};

export type OpenAiChatRefusalPart = { type: 'refusal'; refusal: string };

export type OpenAiChatUserContentPart =
  | OpenAiChatTextPart
  | OpenAiChatImagePart
  | OpenAiChatInputAudioPart
  | OpenAiChatFilePart;

export type OpenAiChatFunctionCall = { name: string; arguments: string };

export type OpenAiChatToolCall = {
  id: string;
  type: 'function';
  function: OpenAiChatFunctionCall;
};

export type OpenAiChatSystemMessage = {
  role: 'system' | 'developer';
  content: string | OpenAiChatTextPart[];
  name?: string;
};

export type OpenAiChatUserMessage = {
  role: 'user';
  content: string | OpenAiChatUserContentPart[];
  name?: string;
};

export type OpenAiChatAssistantMessage = {
  role: 'assistant';
  content?: string | Array<OpenAiChatTextPart | OpenAiChatRefusalPart> | null;
  refusal?: string | null;
  name?: string;
  tool_calls?: OpenAiChatToolCall[];
  /** DeepSeek / xAI / OpenRouter-style clients: the model's visible reasoning. */
  reasoning_content?: string | null;
};

export type OpenAiChatToolMessage = {
  role: 'tool';
  tool_call_id: string;
  content: string | OpenAiChatTextPart[];
};

/** Deprecated function-calling role; the gateway rejects it. */
export type OpenAiChatFunctionMessage = { role: 'function'; name: string; content: string | null };

export type OpenAiChatMessage =
  | OpenAiChatSystemMessage
  | OpenAiChatUserMessage
  | OpenAiChatAssistantMessage
  | OpenAiChatToolMessage
  | OpenAiChatFunctionMessage;

export type OpenAiChatTool = {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: Record<string, unknown>;
    strict?: boolean | null;
  };
};

export type OpenAiChatToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type OpenAiChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema?: Record<string, unknown>; description?: string; strict?: boolean | null };
    };

export type OpenAiChatReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export type OpenAiChatRequest = {
  model: string;
  messages: OpenAiChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  /** Legacy; reasoning models reject it in favour of max_completion_tokens. */
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  n?: number | null;
  user?: string;
  tools?: OpenAiChatTool[];
  tool_choice?: OpenAiChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: OpenAiChatResponseFormat;
  reasoning_effort?: OpenAiChatReasoningEffort | null;
  /** OpenRouter-style reasoning control, accepted by the gateway's inbound API. */
  reasoning?: { effort?: OpenAiChatReasoningEffort; max_tokens?: number; exclude?: boolean; enabled?: boolean };
  [extra: string]: unknown;
};

// ---------- response ----------

export type OpenAiChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export type OpenAiChatUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number } | null;
  completion_tokens_details?: {
    reasoning_tokens?: number;
    audio_tokens?: number;
    accepted_prediction_tokens?: number;
    rejected_prediction_tokens?: number;
  } | null;
  /** DeepSeek: cache hits and misses, summing to prompt_tokens. */
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
};

/** Mistral (magistral) sends content as typed chunks, with thinking in its own chunk. */
export type MistralContentChunk =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: Array<{ type: 'text'; text: string }> };

export type OpenAiChatResponseMessage = {
  role: 'assistant';
  content: string | MistralContentChunk[] | null;
  refusal?: string | null;
  tool_calls?: OpenAiChatToolCall[];
  /** DeepSeek, xAI. */
  reasoning_content?: string | null;
  /** Groq (reasoning_format parsed), OpenRouter. */
  reasoning?: string | null;
  annotations?: unknown[];
};

export type OpenAiChatChoice = {
  index: number;
  message: OpenAiChatResponseMessage;
  finish_reason: OpenAiChatFinishReason | null;
  logprobs: unknown | null;
};

export type OpenAiChatResponse = {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: OpenAiChatChoice[];
  usage?: OpenAiChatUsage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
};

// ---------- stream chunk ----------

/** A tool call fragment: the first carries id/type/name; later ones only index + arguments. */
export type OpenAiChatToolCallDelta = {
  /** Mistral omits index, sending each call whole in one delta. */
  index?: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
};

export type OpenAiChatDelta = {
  role?: 'assistant';
  content?: string | MistralContentChunk[] | null;
  refusal?: string | null;
  tool_calls?: OpenAiChatToolCallDelta[];
  reasoning_content?: string | null;
  reasoning?: string | null;
};

export type OpenAiChatChunkChoice = {
  index: number;
  delta: OpenAiChatDelta;
  finish_reason: OpenAiChatFinishReason | null;
  logprobs?: unknown | null;
};

export type OpenAiChatChunk = {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: OpenAiChatChunkChoice[];
  /** `null` on every chunk but the last when stream_options.include_usage is set. */
  usage?: OpenAiChatUsage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
  /** Groq puts usage here on the final chunk. */
  x_groq?: { id?: string; usage?: OpenAiChatUsage };
  /** OpenAI pads chunks with a random string against length side channels. */
  obfuscation?: string;
};

// ---------- errors ----------

export type OpenAiChatErrorObject = {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
};

/** Both the HTTP error body and the in-band SSE error event (`data: {"error": ...}`). */
export type OpenAiChatErrorBody = { error: OpenAiChatErrorObject };
