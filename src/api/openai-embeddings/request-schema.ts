import { z } from 'zod';

/** OpenAI caps one request at 2048 inputs (platform.openai.com/docs/api-reference/embeddings/create). */
export const MAX_INPUTS = 2048;

const text = z.string().min(1, 'input must not be an empty string');
const tokens = z.array(z.int().nonnegative()).min(1, 'a token array must not be empty');

/** `POST /v1/embeddings`. Unknown fields are ignored, as OpenAI does. */
export const embeddingsRequestSchema = z.object({
  model: z.string().min(1),
  /** A string, strings, one token array, or token arrays. */
  input: z.union([text, z.array(text).min(1).max(MAX_INPUTS), tokens, z.array(tokens).min(1).max(MAX_INPUTS)]),
  dimensions: z.int().positive().nullish(),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  user: z.string().nullish(),
});

export type EmbeddingsRequestBody = z.infer<typeof embeddingsRequestSchema>;
