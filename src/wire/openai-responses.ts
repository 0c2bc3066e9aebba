/**
 * The OpenAI Responses wire format (`POST /v1/responses`), as types only: the parts Switchyard
 * accepts and produces. Built-in tool items (web search, file search, computer use, MCP, code
 * interpreter...) and their stream events are not modelled: the gateway rejects those tools
 * up front and never emits their items. Shapes follow the recordings in
 * `shared/fixtures/openai-responses/` and the `openai` SDK's types.
 */

// ---------- request: content parts ----------

export type ResponsesInputTextPart = { type: 'input_text'; text: string };
export type ResponsesOutputTextPart = {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
};
export type ResponsesRefusalPart = { type: 'refusal'; refusal: string };

export type ResponsesInputImagePart = {
  type: 'input_image';
  /** A URL or a `data:` URL. */
  image_url?: string | null;
  /** A file uploaded to OpenAI's Files API: meaningless to other providers. */
  file_id?: string | null;
  detail?: 'auto' | 'low' | 'high';
};

export type ResponsesInputFilePart = {
  type: 'input_file';
  file_id?: string | null;
  file_data?: string;
  file_url?: string;
  filename?: string;
};

export type ResponsesInputContentPart = ResponsesInputTextPart | ResponsesInputImagePart | ResponsesInputFilePart;

// ---------- request: input items ----------

/** A message, with or without `type: 'message'`; assistant messages replayed from output carry `id` and `status`. */
export type ResponsesMessageInput = {
  type?: 'message';
  id?: string;
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string | Array<ResponsesInputContentPart | ResponsesOutputTextPart | ResponsesRefusalPart>;
  status?: ResponsesItemStatus;
};

export type ResponsesFunctionCallInput = {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: ResponsesItemStatus;
};

export type ResponsesFunctionCallOutputInput = {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: string | Array<ResponsesInputTextPart | ResponsesInputImagePart | ResponsesInputFilePart>;
  status?: ResponsesItemStatus;
};

export type ResponsesReasoningInput = {
  type: 'reasoning';
  id?: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  encrypted_content?: string | null;
};

/** A pointer to an item stored by OpenAI: only meaningful to a stateful server. */
export type ResponsesItemReference = { type: 'item_reference'; id: string };

export type ResponsesInputItem =
  | ResponsesMessageInput
  | ResponsesFunctionCallInput
  | ResponsesFunctionCallOutputInput
  | ResponsesReasoningInput
  | ResponsesItemReference;

// ---------- request: tools, formats, body ----------

export type ResponsesFunctionTool = {
  type: 'function';
  name: string;
  description?: string | null;
  parameters: Record<string, unknown> | null;
  strict: boolean | null;
};

/** Any tool, built-in ones included (`web_search`, `file_search`, `mcp`...). */
export type ResponsesTool = ResponsesFunctionTool | { type: string; [field: string]: unknown };

export type ResponsesToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; name: string }
  | { type: string; [field: string]: unknown };

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; description?: string; strict?: boolean | null };

export type ResponsesReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export type ResponsesReasoningConfig = {
  effort?: ResponsesReasoningEffort | null;
  summary?: 'auto' | 'concise' | 'detailed' | null;
};

export type ResponsesRequest = {
  model: string;
  input?: string | ResponsesInputItem[];
  instructions?: string | null;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  reasoning?: ResponsesReasoningConfig | null;
  text?: { format?: ResponsesTextFormat; verbosity?: 'low' | 'medium' | 'high' | null };
  stream?: boolean | null;
  store?: boolean | null;
  previous_response_id?: string | null;
  include?: string[] | null;
  user?: string;
  metadata?: Record<string, string> | null;
  [extra: string]: unknown;
};

// ---------- response: output items ----------

export type ResponsesItemStatus = 'in_progress' | 'completed' | 'incomplete';

export type ResponsesOutputMessage = {
  id: string;
  type: 'message';
  status: ResponsesItemStatus;
  role: 'assistant';
  content: Array<ResponsesOutputTextPart | ResponsesRefusalPart>;
};

export type ResponsesSummaryText = { type: 'summary_text'; text: string };

export type ResponsesReasoningItem = {
  id: string;
  type: 'reasoning';
  summary: ResponsesSummaryText[];
  /** Opaque reasoning state to send back on the next turn (with `include: ['reasoning.encrypted_content']`). */
  encrypted_content?: string | null;
};

export type ResponsesFunctionCallItem = {
  id: string;
  type: 'function_call';
  status: ResponsesItemStatus;
  arguments: string;
  call_id: string;
  name: string;
};

export type ResponsesOutputItem = ResponsesOutputMessage | ResponsesReasoningItem | ResponsesFunctionCallItem;

// ---------- response ----------

export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export type ResponsesStatus = 'completed' | 'failed' | 'in_progress' | 'cancelled' | 'queued' | 'incomplete';

export type ResponsesIncompleteReason = 'max_output_tokens' | 'content_filter';

/** `response.error`: the failure of a response that was already under way. */
export type ResponsesResponseError = { code: string; message: string };

export type ResponsesResponse = {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  background: boolean;
  completed_at: number | null;
  error: ResponsesResponseError | null;
  incomplete_details: { reason: ResponsesIncompleteReason } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: ResponsesReasoningEffort | null; summary: string | null };
  service_tier: string | null;
  store: boolean;
  temperature: number | null;
  text: { format: ResponsesTextFormat; verbosity?: string | null };
  tool_choice: ResponsesToolChoice;
  tools: ResponsesTool[];
  top_p: number | null;
  truncation: 'auto' | 'disabled';
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: Record<string, string>;
};

// ---------- stream events ----------

type Sequenced = { sequence_number: number };
type ItemRef = { item_id: string; output_index: number };

export type ResponsesLifecycleEvent = Sequenced & {
  type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed' | 'response.queued';
  response: ResponsesResponse;
};

export type ResponsesOutputItemEvent = Sequenced & {
  type: 'response.output_item.added' | 'response.output_item.done';
  output_index: number;
  item: ResponsesOutputItem;
};

export type ResponsesContentPartEvent = Sequenced &
  ItemRef & {
    type: 'response.content_part.added' | 'response.content_part.done';
    content_index: number;
    part: ResponsesOutputTextPart | ResponsesRefusalPart;
  };

/** `obfuscation` is OpenAI's random padding against length side channels; optional and ignored by clients. */
export type ResponsesOutputTextDeltaEvent = Sequenced &
  ItemRef & { type: 'response.output_text.delta'; content_index: number; delta: string; logprobs: unknown[]; obfuscation?: string };

export type ResponsesOutputTextDoneEvent = Sequenced &
  ItemRef & { type: 'response.output_text.done'; content_index: number; text: string; logprobs: unknown[] };

export type ResponsesRefusalDeltaEvent = Sequenced & ItemRef & { type: 'response.refusal.delta'; content_index: number; delta: string };
export type ResponsesRefusalDoneEvent = Sequenced & ItemRef & { type: 'response.refusal.done'; content_index: number; refusal: string };

export type ResponsesSummaryPartEvent = Sequenced &
  ItemRef & {
    type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';
    summary_index: number;
    part: ResponsesSummaryText;
  };

export type ResponsesSummaryTextDeltaEvent = Sequenced &
  ItemRef & { type: 'response.reasoning_summary_text.delta'; summary_index: number; delta: string; obfuscation?: string };

export type ResponsesSummaryTextDoneEvent = Sequenced &
  ItemRef & { type: 'response.reasoning_summary_text.done'; summary_index: number; text: string };

/** Raw reasoning text (open-weight models); OpenAI's own models send summaries only. */
export type ResponsesReasoningTextDeltaEvent = Sequenced &
  ItemRef & { type: 'response.reasoning_text.delta'; content_index: number; delta: string };
export type ResponsesReasoningTextDoneEvent = Sequenced &
  ItemRef & { type: 'response.reasoning_text.done'; content_index: number; text: string };

export type ResponsesFunctionArgumentsDeltaEvent = Sequenced &
  ItemRef & { type: 'response.function_call_arguments.delta'; delta: string; obfuscation?: string };

export type ResponsesFunctionArgumentsDoneEvent = Sequenced &
  ItemRef & { type: 'response.function_call_arguments.done'; arguments: string };

/**
 * A failure mid-stream, followed by `response.failed`. Recorded traffic nests the details
 * under `error` (fixtures/openai-responses/stream-error-insufficient-quota.chunks.txt), though
 * the SDK's type declares them flat; the SDK's stream reader throws on `data.error`.
 */
export type ResponsesErrorEvent = Sequenced & {
  type: 'error';
  error: { type: string; code: string | null; message: string; param: string | null };
};

export type ResponsesStreamEvent =
  | ResponsesLifecycleEvent
  | ResponsesOutputItemEvent
  | ResponsesContentPartEvent
  | ResponsesOutputTextDeltaEvent
  | ResponsesOutputTextDoneEvent
  | ResponsesRefusalDeltaEvent
  | ResponsesRefusalDoneEvent
  | ResponsesSummaryPartEvent
  | ResponsesSummaryTextDeltaEvent
  | ResponsesSummaryTextDoneEvent
  | ResponsesReasoningTextDeltaEvent
  | ResponsesReasoningTextDoneEvent
  | ResponsesFunctionArgumentsDeltaEvent
  | ResponsesFunctionArgumentsDoneEvent
  | ResponsesErrorEvent;

// ---------- errors ----------

/** The error body of a failed HTTP request, as for every OpenAI endpoint. */
export type ResponsesErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};
