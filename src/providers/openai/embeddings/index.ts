import type { EmbeddingAdapter } from '../../embedding-adapter.ts';
import type { ProviderDefinition } from '../../provider-table.ts';
import { createOpenAiEmbeddingAdapter } from './create-openai-embedding-adapter.ts';
import { openAiEmbeddingQuirks } from './openai-embedding-quirks.ts';

export { createOpenAiEmbeddingAdapter } from './create-openai-embedding-adapter.ts';
export { openAiEmbeddingQuirks, type OpenAiEmbeddingQuirks } from './openai-embedding-quirks.ts';

/** OpenAI's Embeddings API. */
export const openAiEmbeddingAdapter: EmbeddingAdapter = createOpenAiEmbeddingAdapter('openai', openAiEmbeddingQuirks.openai);

/**
 * A provider-table row with embeddings added when its provider has an OpenAI-compatible
 * `/embeddings` endpoint (a row in `openAiEmbeddingQuirks`); other rows come back unchanged.
 */
export function withOpenAiEmbeddings(row: ProviderDefinition): ProviderDefinition {
  const quirks = openAiEmbeddingQuirks[row.id];
  if (!quirks || row.embeddingAdapterFor) return row;
  const adapter = createOpenAiEmbeddingAdapter(row.id, quirks);
  return { ...row, embeddingAdapterFor: () => adapter };
}
