import { GatewayError } from '../../core/errors.ts';
import type { Catalog, CatalogModel } from '../../routing/catalog/load-catalog.ts';

/** Whether a catalog model answers with vectors (`modalities.output` has `embedding`) rather than chat. */
export function isEmbeddingModel(model: CatalogModel): boolean {
  return (model.modalities.output as readonly string[]).includes('embedding');
}

/** The catalog entry a client's model string names, if any (catalog id or the provider's own id). */
function catalogModel(catalog: Catalog, requested: string): CatalogModel | undefined {
  return catalog.get(requested) ?? catalog.findByUpstreamId(requested);
}

/** Chat endpoints: a clear 400 for an embedding model instead of an upstream's puzzling error. */
export function refuseEmbeddingModel(catalog: Catalog, requested: string): void {
  const model = catalogModel(catalog, requested);
  if (model && isEmbeddingModel(model)) {
    throw GatewayError.invalidRequest(`'${requested}' is an embedding model; send it to POST /v1/embeddings, not a chat endpoint.`, 'model');
  }
}

/** `/v1/embeddings`: a clear 400 for a chat model. */
export function refuseChatModel(model: CatalogModel | undefined, requested: string): void {
  if (model && !isEmbeddingModel(model)) {
    throw GatewayError.invalidRequest(`'${requested}' is not an embedding model; POST /v1/embeddings needs one such as 'openai/text-embedding-3-small'.`, 'model');
  }
}
