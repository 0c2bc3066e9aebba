/** How one OpenAI-compatible `/embeddings` endpoint differs from OpenAI's own, as data. */
export type OpenAiEmbeddingQuirks = {
  /** The field for a shorter vector: OpenAI `dimensions`, Mistral `output_dimension`; false where there is none. */
  dimensionsField: 'dimensions' | 'output_dimension' | false;
  /** Takes `encoding_format: "base64"` (a quarter of the JSON size); otherwise floats are asked for. */
  base64: boolean;
  /** Takes OpenAI's `user` field. Strict servers (Mistral) answer unknown fields with a 422, so it is dropped. */
  user: boolean;
  /** Takes pre-tokenised input (token id arrays). */
  tokenInput: boolean;
  /** Inputs per call; conservative where the provider does not publish a limit. */
  maxInputs: number;
};

const localServer: OpenAiEmbeddingQuirks = { dimensionsField: 'dimensions', base64: false, user: false, tokenInput: false, maxInputs: 256 };

/**
 * Providers whose OpenAI-compatible API has `/embeddings`, by provider id. Sources:
 * platform.openai.com/docs/api-reference/embeddings (2048 inputs), docs.mistral.ai/api/endpoint/embeddings
 * (`output_dimension`), docs.together.ai/reference/embeddings (model and input only),
 * fireworks.ai/docs/api-reference/creates-an-embedding-vector (`dimensions`), and the local servers' READMEs.
 */
export const openAiEmbeddingQuirks: Record<string, OpenAiEmbeddingQuirks> = {
  openai: { dimensionsField: 'dimensions', base64: true, user: true, tokenInput: true, maxInputs: 2048 },
  mistral: { dimensionsField: 'output_dimension', base64: false, user: false, tokenInput: false, maxInputs: 128 },
  together: { dimensionsField: false, base64: false, user: false, tokenInput: false, maxInputs: 128 },
  fireworks: { dimensionsField: 'dimensions', base64: false, user: false, tokenInput: false, maxInputs: 128 },
  ollama: localServer,
  vllm: { ...localServer, tokenInput: true },
  llamacpp: localServer,
};
