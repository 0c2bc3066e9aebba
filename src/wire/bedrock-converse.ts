/**
 * Amazon Bedrock's Converse API (`POST /model/{modelId}/converse` and `/converse-stream`) on the
 * wire: request body, content blocks, response, ConverseStream event payloads and error bodies.
 * Types only, shared by the Bedrock provider adapter and the emulator.
 *
 * Converse content blocks are tagged unions by key (`{text}`, `{image}`, `{toolUse}`...) rather
 * than by a `type` field; exactly one member is set. Blobs (image bytes, redacted reasoning) are
 * base64 strings in JSON.
 */

// ---------------------------------------------------------------- shared pieces

/** A prompt-cache breakpoint: everything before it in tools/system/messages is cached. */
export type BedrockCachePoint = { type: 'default'; ttl?: '5m' | '1h' };

export type BedrockImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

/** Bedrock takes image bytes or an S3 object, never a URL. */
export type BedrockImageSource = { bytes: string } | { s3Location: { uri: string; bucketOwner?: string } };

export type BedrockReasoningContent =
  | { reasoningText: { text: string; signature?: string } }
  /** Encrypted reasoning (Claude's redacted_thinking), base64; echoed back as is. */
  | { redactedContent: string };

export type BedrockToolResultContent = { text: string } | { json: unknown } | { image: { format: BedrockImageFormat; source: BedrockImageSource } };

// ---------------------------------------------------------------- content blocks

export type BedrockContentBlock =
  | { text: string }
  | { image: { format: BedrockImageFormat; source: BedrockImageSource } }
  | { document: { name: string; format: string; source: { bytes: string } | { text: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown; type?: string } }
  | { toolResult: { toolUseId: string; content: BedrockToolResultContent[]; status?: 'success' | 'error'; type?: string } }
  | { reasoningContent: BedrockReasoningContent }
  | { cachePoint: BedrockCachePoint };

export type BedrockSystemBlock = { text: string } | { cachePoint: BedrockCachePoint };

export type BedrockMessage = { role: 'user' | 'assistant'; content: BedrockContentBlock[] };

// ---------------------------------------------------------------- request

export type BedrockToolSpec = {
  name: string;
  description?: string;
  inputSchema: { json: Record<string, unknown> };
  strict?: boolean;
};

export type BedrockTool = { toolSpec: BedrockToolSpec } | { cachePoint: BedrockCachePoint };

export type BedrockToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export type BedrockInferenceConfig = {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
};

/** Native structured output; `schema` is the JSON Schema serialised as a string. */
export type BedrockOutputConfig = {
  textFormat?: { type: 'json_schema'; structure: { jsonSchema: { schema: string; name?: string; description?: string } } };
};

/** The body of Converse and ConverseStream (the model id travels in the URL). */
export type BedrockConverseRequest = {
  messages: BedrockMessage[];
  system?: BedrockSystemBlock[];
  inferenceConfig?: BedrockInferenceConfig;
  toolConfig?: { tools: BedrockTool[]; toolChoice?: BedrockToolChoice };
  /** Model-specific fields passed through untouched: Claude `thinking`, Nova `reasoningConfig`, `top_k`... */
  additionalModelRequestFields?: Record<string, unknown>;
  outputConfig?: BedrockOutputConfig;
  requestMetadata?: Record<string, string>;
};

// ---------------------------------------------------------------- response

export type BedrockStopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'malformed_model_output'
  | 'malformed_tool_use'
  | 'model_context_window_exceeded'
  | (string & {});

/**
 * `inputTokens` excludes cache reads and writes (fixtures/bedrock/usage-cache-write-and-read.vcr.yaml:
 * inputTokens 2, cacheWriteInputTokens 1322, totalTokens 1329 = 2 + 1322 + 5 output).
 * The `*Count` twins are legacy duplicates Bedrock still sends.
 */
export type BedrockUsage = {
  inputTokens: number;
  outputTokens: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cacheReadInputTokenCount?: number;
  cacheWriteInputTokenCount?: number;
  serverToolUsage?: Record<string, unknown>;
};

export type BedrockConverseResponse = {
  output: { message: BedrockMessage };
  stopReason: BedrockStopReason;
  usage: BedrockUsage;
  metrics?: { latencyMs: number };
  additionalModelResponseFields?: Record<string, unknown>;
};

// ---------------------------------------------------------------- ConverseStream events

/**
 * Event payloads of ConverseStream. On the wire each is one `application/vnd.amazon.eventstream`
 * frame whose `:event-type` header names it and whose JSON payload is the object below plus a
 * random-length `p` padding field (fixtures/bedrock/*.eventstream.bin). Decoded recordings key
 * each payload by its event type instead (`{"contentBlockDelta": {...}}`, *.chunks.txt).
 */
export type BedrockMessageStartEvent = { role: 'assistant' };

export type BedrockContentBlockStartEvent = {
  contentBlockIndex: number;
  start: {
    /** `type: 'server_tool_use'` marks a tool Bedrock runs itself (Nova code interpreter). */
    toolUse?: { toolUseId: string; name: string; type?: string };
    toolResult?: { toolUseId: string; status?: string; type?: string };
  };
};

export type BedrockContentBlockDeltaEvent = {
  contentBlockIndex: number;
  delta: {
    text?: string;
    toolUse?: { input: string };
    toolResult?: BedrockToolResultContent[];
    reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
  };
};

export type BedrockContentBlockStopEvent = { contentBlockIndex: number };

export type BedrockMessageStopEvent = { stopReason: BedrockStopReason; additionalModelResponseFields?: Record<string, unknown> };

export type BedrockMetadataEvent = { usage: BedrockUsage; metrics?: { latencyMs: number }; trace?: unknown };

export type BedrockStreamEventMap = {
  messageStart: BedrockMessageStartEvent;
  contentBlockStart: BedrockContentBlockStartEvent;
  contentBlockDelta: BedrockContentBlockDeltaEvent;
  contentBlockStop: BedrockContentBlockStopEvent;
  messageStop: BedrockMessageStopEvent;
  metadata: BedrockMetadataEvent;
};

export type BedrockStreamEventType = keyof BedrockStreamEventMap;

/** Exceptions a ConverseStream can carry in a frame with `:message-type: exception`. */
export type BedrockStreamExceptionType =
  | 'internalServerException'
  | 'modelStreamErrorException'
  | 'validationException'
  | 'throttlingException'
  | 'serviceUnavailableException';

// ---------------------------------------------------------------- errors

/**
 * Error bodies: `{"message": "..."}` (the type travels in the `x-amzn-errortype` header, e.g.
 * `ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/`), with `Message` in
 * some services' spelling (fixtures/bedrock/error-400-invalid-model-converse.vcr.yaml).
 */
export type BedrockErrorBody = { message?: string; Message?: string; __type?: string };
