import { z } from 'zod';

/**
 * The accepted `POST /v1/responses` body. Input items are checked strictly enough that a bad
 * field gets a 400 naming it; fields that clients echo back from earlier output (`id`,
 * `status`, `annotations`, `logprobs`) are accepted and dropped. Item and tool types the
 * gateway cannot serve are matched loosely so the parser can name them in its 400.
 */

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high']).optional(),
});
const inputFile = z.object({ type: z.literal('input_file') }).loose();
const inputAudio = z.object({ type: z.literal('input_audio') }).loose();

const contentPart = z.discriminatedUnion('type', [inputText, outputText, refusal, inputImage, inputFile, inputAudio], {
  error: 'expected a content part of type input_text, output_text, refusal or input_image',
});

const messageItem = z.object({
  type: z.literal('message').optional(),
  role: z.enum(['system', 'developer', 'user', 'assistant'], { error: 'expected role system, developer, user or assistant' }),
  content: z.union([z.string(), z.array(contentPart)], { error: 'expected string or array of content parts' }),
});

const functionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, inputImage, inputFile]))], {
    error: 'expected string or array of input_text/input_image parts',
  }),
});

const reasoningItem = z.object({
  type: z.literal('reasoning'),
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

/** Item schemas by `type`; a message may omit its type. Chosen per item so a 400 names the exact field. */
export const itemSchemas = {
  message: messageItem,
  function_call: functionCallItem,
  function_call_output: functionCallOutputItem,
  reasoning: reasoningItem,
};

export type MessageItemBody = z.infer<typeof messageItem>;
export type FunctionCallItemBody = z.infer<typeof functionCallItem>;
export type FunctionCallOutputItemBody = z.infer<typeof functionCallOutputItem>;
export type ReasoningItemBody = z.infer<typeof reasoningItem>;
export type FunctionToolBody = z.infer<typeof functionTool>;

const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'], { error: 'expected none, minimal, low, medium, high or xhigh' });

/** Built-in tools (`web_search`, `file_search`...) are told apart from this by `type` in parse-responses-tools.ts. */
export const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const textFormat = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text') }),
    z.object({ type: z.literal('json_object') }),
    z.object({
      type: z.literal('json_schema'),
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()),
      description: z.string().optional(),
      strict: z.boolean().nullish(),
    }),
  ],
  { error: 'expected type text, json_object or json_schema' },
);

export const requestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.record(z.string(), z.unknown()), { error: 'expected an array of objects' })], {
    error: 'expected string or array of input items',
  }),
  instructions: z.string().nullish(),
  tools: z.array(z.object({ type: z.string() }).loose(), { error: 'expected an array of tools' }).optional(),
  tool_choice: z
    .union([z.enum(['auto', 'none', 'required']), z.object({ type: z.string() }).loose()], {
      error: "expected 'auto', 'none', 'required' or {type: 'function', name}",
    })
    .optional(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  reasoning: z
    .object({ effort: effort.nullish(), summary: z.enum(['auto', 'concise', 'detailed']).nullish(), generate_summary: z.string().nullish() })
    .nullish(),
  text: z.object({ format: textFormat.optional(), verbosity: z.enum(['low', 'medium', 'high']).nullish() }).nullish(),
  stream: z.boolean().nullish(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
  // Server-side state: accepted only in their stateless forms (see parse-responses-request.ts).
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  conversation: z.unknown().optional(),
  background: z.boolean().nullish(),
  prompt: z.unknown().optional(),
  // Responses-only knobs with no canonical meaning: accepted and not forwarded, since a Chat
  // Completions upstream would reject them (`extra` is merged into OpenAI-style bodies).
  include: z.array(z.string()).nullish(),
  truncation: z.enum(['auto', 'disabled']).nullish(),
  max_tool_calls: z.number().int().positive().nullish(),
  top_logprobs: z.number().int().min(0).nullish(),
  stream_options: z.object({ include_obfuscation: z.boolean().optional() }).nullish(),
});

export type ResponsesRequestBody = z.infer<typeof requestSchema>;

/** Fields the schema gives meaning to; everything else goes to `request.extra`. */
export const knownFields = new Set(Object.keys(requestSchema.shape));
