import { z } from 'zod';

/**
 * The accepted `POST /v1/chat/completions` body. Messages are checked strictly enough that a
 * bad field gets a 400 naming it; unknown top-level fields pass (they go to `request.extra`),
 * unknown fields inside messages are dropped (SDKs echo back `refusal`, `annotations`).
 */

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
// Accepted by the schema so the error can say plainly that the gateway does not take them yet.
const audioPart = z.object({ type: z.literal('input_audio') }).loose();
const filePart = z.object({ type: z.literal('file') }).loose();

const userPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart], {
  error: 'expected a content part of type text, image_url, input_audio or file',
});

const textOnly = (what: string) =>
  z.union([z.string(), z.array(z.discriminatedUnion('type', [textPart], { error: `expected a text part in ${what}` }))], {
    error: 'expected string or array',
  });

const toolCall = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

export const messageSchema = z.discriminatedUnion(
  'role',
  [
    z.object({ role: z.enum(['system', 'developer']), content: textOnly('system messages'), name: z.string().optional() }),
    z.object({
      role: z.literal('user'),
      content: z.union([z.string(), z.array(userPart)], { error: 'expected string or array' }),
      name: z.string().optional(),
    }),
    z.object({
      role: z.literal('assistant'),
      content: z
        .union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart], { error: 'expected a text or refusal part' }))], {
          error: 'expected string, array or null',
        })
        .nullish(),
      refusal: z.string().nullish(),
      name: z.string().optional(),
      tool_calls: z.array(toolCall).optional(),
      reasoning_content: z.string().nullish(),
    }),
    z.object({ role: z.literal('tool'), tool_call_id: z.string(), content: textOnly('tool messages') }),
    // Deprecated; matched only so the error can say so.
    z.object({ role: z.literal('function') }).loose(),
  ],
  { error: 'expected role system, developer, user, assistant or tool' },
);

const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high'], { error: 'expected none, minimal, low, medium or high' });

const tool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

export const requestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())], { error: 'expected string or array of strings' }).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  user: z.string().optional(),
  tools: z.array(tool).optional(),
  tool_choice: z
    .union([z.enum(['auto', 'none', 'required']), z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) })], {
      error: "expected 'auto', 'none', 'required' or {type: 'function', function: {name}}",
    })
    .optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: z
    .discriminatedUnion(
      'type',
      [
        z.object({ type: z.literal('text') }),
        z.object({ type: z.literal('json_object') }),
        z.object({
          type: z.literal('json_schema'),
          json_schema: z.object({
            name: z.string(),
            schema: z.record(z.string(), z.unknown()).optional(),
            description: z.string().optional(),
            strict: z.boolean().nullish(),
          }),
        }),
      ],
      { error: 'expected type text, json_object or json_schema' },
    )
    .optional(),
  reasoning_effort: effort.nullish(),
  // OpenRouter's form.
  reasoning: z
    .object({ effort: effort.optional(), max_tokens: z.number().int().positive().optional(), exclude: z.boolean().optional(), enabled: z.boolean().optional() })
    .optional(),
});

export type ChatRequestBody = z.infer<typeof requestSchema>;
export type ChatMessageBody = z.infer<typeof messageSchema>;

/** Fields the schema gives meaning to; everything else goes to `request.extra`. */
export const knownFields = new Set(Object.keys(requestSchema.shape));
