import { z } from 'zod';

/** USD per million tokens, as the provider publishes it. */
const usdPerMillion = z.number().nonnegative().finite();

/** Higher prices a provider charges once the prompt passes `threshold` tokens (Gemini Pro, Claude Sonnet 4/4.5 1M context). */
const longContextPricing = z.strictObject({
  /** Prompt tokens (cached ones included) above which the whole request is billed at these prices. */
  threshold: z.int().positive(),
  input: usdPerMillion,
  output: usdPerMillion,
  cache_read: usdPerMillion.nullable().optional(),
  cache_write: usdPerMillion.nullable().optional(),
});

export const pricingSchema = z.strictObject({
  input: usdPerMillion,
  output: usdPerMillion,
  /** Price of prompt tokens served from the provider's cache; null when the provider has no prompt caching. */
  cache_read: usdPerMillion.nullable(),
  /** Price of prompt tokens written to the cache (Anthropic's 5-minute write); null when writes cost plain input. */
  cache_write: usdPerMillion.nullable(),
  /** Audio input tokens, where they are priced apart from text (Gemini Flash models). */
  input_audio: usdPerMillion.optional(),
  long_context: longContextPricing.optional(),
});

export const catalogProviderOfferSchema = z.strictObject({
  /** Provider id as in `providers/provider-table.ts` (`openai`, `anthropic`, `google`...). */
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'provider ids are lower-case letters, digits and dashes'),
  /** The model id the provider's own API expects. */
  model: z.string().min(1),
  pricing: pricingSchema,
});

const modality = z.enum(['text', 'image', 'audio', 'video', 'file']);
/** `embedding`: the model answers `POST /v1/embeddings` with vectors, not chat. */
const outputModality = z.enum([...modality.options, 'embedding']);

export const catalogModelSchema = z.strictObject({
  /** `author/model`, lower case: the id clients send. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/, "model ids are 'author/model' in lower case"),
  name: z.string().min(1),
  /** Total tokens (prompt + output) the model accepts. */
  context_length: z.int().positive(),
  /** 0 for embedding models, which generate no tokens. */
  max_output_tokens: z.int().nonnegative(),
  modalities: z.strictObject({
    input: z.array(modality).min(1),
    output: z.array(outputModality).min(1),
  }),
  capabilities: z.strictObject({
    tools: z.boolean(),
    /** Native schema-constrained output (OpenAI `json_schema`, Gemini `responseSchema`, Anthropic structured outputs). */
    json_schema: z.boolean(),
    /** Thinks before answering (reasoning effort or thinking budget). */
    reasoning: z.boolean(),
    vision: z.boolean(),
  }),
  /** Who serves the model, in default preference order. */
  providers: z.array(catalogProviderOfferSchema).min(1),
});

/** One `catalog/<author>.json` file. */
export const catalogFileSchema = z.array(catalogModelSchema);

export type Pricing = z.infer<typeof pricingSchema>;
export type CatalogProviderOffer = z.infer<typeof catalogProviderOfferSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
