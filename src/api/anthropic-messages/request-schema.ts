import { z } from 'zod';

/**
 * The accepted `POST /v1/messages` body. Blocks are checked strictly enough that a bad field
 * gets a 400 naming it the way Anthropic does (`messages.1.content.0.type: ...`); unknown
 * top-level fields pass (they go to `request.extra`), unknown fields inside blocks are dropped
 * (SDKs echo back response-only fields such as `citations: null` and tool_use `caller`).
 */

const cacheControl = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() }).nullish();

const textBlock = z.object({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });

const imageSource = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
    z.object({ type: z.literal('url'), url: z.string() }),
    z.object({ type: z.literal('file'), file_id: z.string() }),
  ],
  { error: 'expected an image source of type base64, url or file' },
);

const imageBlock = z.object({ type: z.literal('image'), source: imageSource, cache_control: cacheControl });

// Block types Anthropic knows but the gateway cannot carry to every provider yet: matched by
// the schema so the error can say so plainly instead of "unknown type".
export const unsupportedUserBlockTypes = ['document', 'search_result', 'container_upload'] as const;
export const unsupportedAssistantBlockTypes = [
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
] as const;
const unsupportedUserBlock = z.object({ type: z.enum(unsupportedUserBlockTypes) }).loose();
const unsupportedAssistantBlock = z.object({ type: z.enum(unsupportedAssistantBlockTypes) }).loose();

const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z
    .union([z.string(), z.array(z.discriminatedUnion('type', [textBlock, imageBlock, unsupportedUserBlock], { error: 'expected a text or image block' }))], {
      error: 'expected string or array of blocks',
    })
    .optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});

const userBlock = z.discriminatedUnion('type', [textBlock, imageBlock, toolResultBlock, unsupportedUserBlock], {
  error: 'expected a content block of type text, image or tool_result',
});

const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
});
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

const assistantBlock = z.discriminatedUnion('type', [textBlock, toolUseBlock, thinkingBlock, redactedThinkingBlock, unsupportedAssistantBlock], {
  error: 'expected a content block of type text, tool_use, thinking or redacted_thinking',
});

export const messageSchema = z.discriminatedUnion(
  'role',
  [
    z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(userBlock)], { error: 'expected string or array of blocks' }) }),
    z.object({ role: z.literal('assistant'), content: z.union([z.string(), z.array(assistantBlock)], { error: 'expected string or array of blocks' }) }),
  ],
  { error: "expected role 'user' or 'assistant'" },
);

/** Client tools have an `input_schema`; server tools (`web_search_20250305`...) a `type` instead, told apart when converting. */
const tool = z
  .object({
    type: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    input_schema: z.record(z.string(), z.unknown()).optional(),
    cache_control: cacheControl,
    strict: z.boolean().optional(),
  })
  .loose();

const disableParallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoice = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('auto'), ...disableParallel }),
    z.object({ type: z.literal('any'), ...disableParallel }),
    z.object({ type: z.literal('tool'), name: z.string(), ...disableParallel }),
    z.object({ type: z.literal('none') }),
  ],
  { error: 'expected a tool_choice of type auto, any, tool or none' },
);

const thinking = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }),
    z.object({ type: z.literal('disabled') }),
    z.object({ type: z.literal('adaptive'), display: z.enum(['summarized', 'omitted']).optional() }),
  ],
  { error: 'expected thinking of type enabled, disabled or adaptive' },
);

const jsonOutputFormat = z.object({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) });

export const requestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(textBlock)], { error: 'expected string or array of text blocks' }).optional(),
  metadata: z.object({ user_id: z.string().nullish() }).loose().optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinking.optional(),
  // GA structured outputs; `effort` is Anthropic's knob for how many tokens to spend.
  output_config: z
    .object({ format: jsonOutputFormat.optional(), effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).optional() })
    .loose()
    .optional(),
  // The beta spelling (`anthropic-beta: structured-outputs-2025-11-13`).
  output_format: jsonOutputFormat.optional(),
});

export type MessagesRequestBody = z.infer<typeof requestSchema>;
export type MessageParamBody = z.infer<typeof messageSchema>;
export type ToolBody = z.infer<typeof tool>;

/** Fields the schema gives meaning to; everything else goes to `request.extra`. */
export const knownFields = new Set(Object.keys(requestSchema.shape));
