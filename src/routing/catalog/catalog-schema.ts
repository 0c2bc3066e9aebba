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

/** USD per unit (image, second, character...): media models are billed by what they produce or read. */
const usdPerUnit = z.number().nonnegative().finite();

/**
 * A per-image price that depends on the request's parameters (DALL·E 3: size × quality). The
 * first variant whose `match` equals the normalised input on every listed parameter wins;
 * `per_image` is the fallback.
 */
const imagePriceVariant = z.strictObject({
  match: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  usd: usdPerUnit,
});

const pricingFields = z.strictObject({
  /** Text input tokens. Required unless the offer has unit prices (a media model billed per image/second/character). */
  input: usdPerMillion.optional(),
  /** Output tokens. Required unless the offer has unit prices. */
  output: usdPerMillion.optional(),
  /** Price of prompt tokens served from the provider's cache; null when the provider has no prompt caching. */
  cache_read: usdPerMillion.nullable().optional(),
  /** Price of prompt tokens written to the cache (Anthropic's 5-minute write); null when writes cost plain input. */
  cache_write: usdPerMillion.nullable().optional(),
  /** Audio input tokens, where they are priced apart from text (Gemini Flash models, gpt-4o-transcribe). */
  input_audio: usdPerMillion.optional(),
  long_context: longContextPricing.optional(),
  /** Image input tokens, where priced apart from text (gpt-image-1 edits). */
  input_image: usdPerMillion.optional(),
  /** Image output tokens (gpt-image-1, Gemini 2.5 Flash Image). */
  output_image: usdPerMillion.optional(),
  /** Audio output tokens (gpt-4o-mini-tts). */
  output_audio: usdPerMillion.optional(),
  /** USD per generated image. For token-priced models, the typical price, used for estimates only. */
  per_image: usdPerUnit.optional(),
  /** Per-image prices by parameter (size, quality), first match wins; `per_image` is the fallback. */
  per_image_variants: z.array(imagePriceVariant).min(1).optional(),
  /** USD per output megapixel. */
  per_megapixel: usdPerUnit.optional(),
  /** USD per second of audio or video (generated, or read for transcription). */
  per_second: usdPerUnit.optional(),
  /** USD per minute of audio or video. */
  per_minute: usdPerUnit.optional(),
  /** USD per input character (text-to-speech). */
  per_character: usdPerUnit.optional(),
  /** USD per 1,000 input characters (text-to-speech). */
  per_1k_characters: usdPerUnit.optional(),
});

/** The unit-price fields of an offer (media models). */
export const UNIT_PRICE_FIELDS = ['per_image', 'per_image_variants', 'per_megapixel', 'per_second', 'per_minute', 'per_character', 'per_1k_characters'] as const;

/**
 * An offer's prices. Token prices (USD per million) for text models; media models add unit
 * prices and may leave the token prices out, which then read as 0 (nothing billed per token).
 */
export const pricingSchema = pricingFields
  .superRefine((pricing, ctx) => {
    const hasUnitPrices = UNIT_PRICE_FIELDS.some((field) => pricing[field] !== undefined);
    if (hasUnitPrices) return;
    for (const field of ['input', 'output'] as const) {
      if (pricing[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `'${field}' is required unless the offer has unit prices (${UNIT_PRICE_FIELDS.join(', ')})` });
    }
    for (const field of ['cache_read', 'cache_write'] as const) {
      if (pricing[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `'${field}' is required (null when not priced apart) unless the offer has unit prices` });
    }
  })
  .transform((pricing) => ({
    ...pricing,
    input: pricing.input ?? 0,
    output: pricing.output ?? 0,
    cache_read: pricing.cache_read ?? null,
    cache_write: pricing.cache_write ?? null,
  }));

export const catalogProviderOfferSchema = z.strictObject({
  /** Provider id as in `providers/provider-table.ts` (`openai`, `anthropic`, `google`...). */
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'provider ids are lower-case letters, digits and dashes'),
  /** The model id the provider's own API expects. */
  model: z.string().min(1),
  pricing: pricingSchema,
});

const modality = z.enum(['text', 'image', 'audio', 'video', 'file']);
/** What a media model does, as `MediaKind` in `src/core/media.ts`. */
const mediaKind = z.enum(['image', 'speech', 'transcription', 'video', 'music']);
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
  /**
   * Media models only: what the model does (`src/core/media.ts` MediaKind). Required when
   * `modalities.output` has `image`, `audio` or `video`.
   */
  kind: mediaKind.optional(),
  /**
   * Media models only: the JSON schema of the model's `input` parameters, inline, or the name of
   * a shared family schema in `catalog/parameters/<name>.json` (`"image-generation"`).
   */
  parameters: z.union([z.string().regex(/^[a-z0-9][a-z0-9-]*$/), z.record(z.string(), z.unknown())]).optional(),
}).superRefine((model, ctx) => {
  const outputs = model.modalities.output as readonly string[];
  if (!model.kind && ['image', 'audio', 'video'].some((modality) => outputs.includes(modality))) {
    ctx.addIssue({ code: 'custom', path: ['kind'], message: `a model with ${outputs.join('/')} output needs 'kind' (${mediaKind.options.join(', ')})` });
  }
});

/** One `catalog/<author>.json` file. */
export const catalogFileSchema = z.array(catalogModelSchema);

export type Pricing = z.infer<typeof pricingSchema>;
export type CatalogProviderOffer = z.infer<typeof catalogProviderOfferSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
