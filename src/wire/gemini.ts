/**
 * The Gemini Generative Language API wire format (`models/{model}:generateContent` and
 * `:streamGenerateContent`), as TypeScript types only. Shared by the Google provider
 * adapter (which speaks it to Google) and the emulator (which serves it). Field names are
 * the JSON (camelCase) names the REST API uses; the API also accepts snake_case on input,
 * which we never send.
 */

export type GeminiRole = 'user' | 'model';

export type GeminiBlob = { mimeType: string; data: string };
export type GeminiFileData = { mimeType?: string; fileUri: string };

export type GeminiFunctionCall = {
  /** Present only on some models/Vertex; the Developer API usually omits it. */
  id?: string;
  /** Absent on the continuation chunks of a call streamed with `partialArgs`. */
  name?: string;
  args?: Record<string, unknown>;
  /** Vertex `streamFunctionCallArguments`: argument values streamed piece by piece. */
  partialArgs?: GeminiPartialArg[];
  /** More of this call follows in later chunks; a bare `functionCall: {}` closes it. */
  willContinue?: boolean;
};

/** One streamed piece of a function call argument, addressed by a JSONPath like `$.location`. */
export type GeminiPartialArg = {
  jsonPath: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: null | 'NULL_VALUE';
  /** The string value continues in the next piece with the same path. */
  willContinue?: boolean;
};

export type GeminiFunctionResponse = {
  id?: string;
  name: string;
  response: Record<string, unknown>;
};

/**
 * One part of a content. Exactly one data field (text, inlineData, fileData, functionCall,
 * functionResponse, executableCode, codeExecutionResult) is set; `thought` marks a text part
 * as a thought summary; `thoughtSignature` may ride on any part and must be echoed back.
 */
export type GeminiPart = {
  text?: string;
  inlineData?: GeminiBlob;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
  executableCode?: { language: string; code: string };
  codeExecutionResult?: { outcome: string; output?: string };
  thought?: boolean;
  thoughtSignature?: string;
};

export type GeminiContent = { role?: GeminiRole; parts: GeminiPart[] };

export type GeminiFunctionDeclaration = {
  name: string;
  description?: string;
  /** OpenAPI 3.0 subset schema (no additionalProperties, $schema, $ref...). */
  parameters?: Record<string, unknown>;
  /** Full JSON Schema; mutually exclusive with `parameters`. */
  parametersJsonSchema?: Record<string, unknown>;
  response?: Record<string, unknown>;
  responseJsonSchema?: Record<string, unknown>;
};

export type GeminiTool = {
  functionDeclarations?: GeminiFunctionDeclaration[];
  googleSearch?: Record<string, unknown>;
  codeExecution?: Record<string, unknown>;
  urlContext?: Record<string, unknown>;
};

export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED' | 'MODE_UNSPECIFIED';

export type GeminiToolConfig = {
  functionCallingConfig?: { mode?: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
};

export type GeminiThinkingConfig = {
  /** 0 disables thinking (where the model allows it), -1 lets the model decide. */
  thinkingBudget?: number;
  includeThoughts?: boolean;
  thinkingLevel?: 'low' | 'medium' | 'high' | 'minimal' | 'LOW' | 'MEDIUM' | 'HIGH' | 'MINIMAL';
};

export type GeminiGenerationConfig = {
  stopSequences?: string[];
  responseMimeType?: string;
  /** OpenAPI-subset schema (Gemini `Schema`, upper-case `type` accepted). */
  responseSchema?: Record<string, unknown>;
  /** Full JSON Schema; mutually exclusive with `responseSchema`. */
  responseJsonSchema?: Record<string, unknown>;
  responseModalities?: string[];
  candidateCount?: number;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseLogprobs?: boolean;
  logprobs?: number;
  thinkingConfig?: GeminiThinkingConfig;
};

export type GeminiSafetySetting = { category: string; threshold: string };

/** Body of `POST /v1beta/models/{model}:generateContent` (and `:streamGenerateContent`). */
export type GeminiGenerateContentRequest = {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  safetySettings?: GeminiSafetySetting[];
  cachedContent?: string;
  labels?: Record<string, string>;
};

export type GeminiFinishReason =
  | 'FINISH_REASON_UNSPECIFIED'
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'LANGUAGE'
  | 'OTHER'
  | 'BLOCKLIST'
  | 'PROHIBITED_CONTENT'
  | 'SPII'
  | 'MALFORMED_FUNCTION_CALL'
  | 'IMAGE_SAFETY'
  | 'IMAGE_PROHIBITED_CONTENT'
  | 'IMAGE_OTHER'
  | 'NO_IMAGE'
  | 'IMAGE_RECITATION'
  | 'UNEXPECTED_TOOL_CALL'
  | 'TOO_MANY_TOOL_CALLS'
  | 'MISSING_THOUGHT_SIGNATURE';

export type GeminiSafetyRating = { category: string; probability: string; blocked?: boolean };

export type GeminiCandidate = {
  /** Absent when the candidate was blocked before producing anything. */
  content?: GeminiContent;
  /** Only on the last chunk of a stream. */
  finishReason?: GeminiFinishReason | (string & {});
  finishMessage?: string;
  index?: number;
  safetyRatings?: GeminiSafetyRating[];
  citationMetadata?: unknown;
  groundingMetadata?: unknown;
  avgLogprobs?: number;
  tokenCount?: number;
};

export type GeminiModalityTokenCount = { modality: string; tokenCount: number };

/** Token counts. In a stream every chunk carries the running totals so far. */
export type GeminiUsageMetadata = {
  /** Whole prompt, cached tokens included. */
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  /** Visible output only; thoughts are counted apart. */
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
  promptTokensDetails?: GeminiModalityTokenCount[];
  cacheTokensDetails?: GeminiModalityTokenCount[];
  candidatesTokensDetails?: GeminiModalityTokenCount[];
};

export type GeminiBlockReason =
  | 'BLOCK_REASON_UNSPECIFIED'
  | 'SAFETY'
  | 'OTHER'
  | 'BLOCKLIST'
  | 'PROHIBITED_CONTENT'
  | 'IMAGE_SAFETY';

export type GeminiPromptFeedback = {
  blockReason?: GeminiBlockReason | (string & {});
  safetyRatings?: GeminiSafetyRating[];
};

/** A whole response, or one chunk of a stream (same shape). */
export type GeminiGenerateContentResponse = {
  candidates?: GeminiCandidate[];
  promptFeedback?: GeminiPromptFeedback;
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  createTime?: string;
};

/** One entry of `error.details` (google.rpc types, tagged by `@type`). */
export type GeminiErrorDetail =
  | { '@type': 'type.googleapis.com/google.rpc.ErrorInfo'; reason: string; domain?: string; metadata?: Record<string, string> }
  | { '@type': 'type.googleapis.com/google.rpc.RetryInfo'; retryDelay: string }
  | { '@type': 'type.googleapis.com/google.rpc.QuotaFailure'; violations: Array<Record<string, unknown>> }
  | { '@type': 'type.googleapis.com/google.rpc.Help'; links: Array<{ description: string; url: string }> }
  | { '@type': 'type.googleapis.com/google.rpc.BadRequest'; fieldViolations: Array<{ field: string; description: string }> }
  | { '@type': string; [key: string]: unknown };

/** Error body: `{ error: { code, message, status, details } }` (google.rpc.Status). */
export type GeminiErrorBody = {
  error: {
    /** HTTP status as a number (400, 404, 429...). */
    code: number;
    message: string;
    /** Canonical gRPC code name: INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED, PERMISSION_DENIED... */
    status: string;
    details?: GeminiErrorDetail[];
  };
};
