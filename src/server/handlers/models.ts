import type { Catalog, CatalogModel } from '../../routing/catalog/load-catalog.ts';
import type { ProviderSettings } from '../../providers/provider-adapter.ts';
import { sendJson } from '../respond.ts';
import type { Handler } from '../request-context.ts';
import { GatewayError } from '../../core/errors.ts';

/** The catalog in OpenAI's list shape, with Switchyard's extra fields per model. */
export function renderModel(model: CatalogModel, configured: Map<string, ProviderSettings>, created: number) {
  return {
    id: model.id,
    object: 'model',
    created,
    owned_by: model.id.split('/')[0],
    name: model.name,
    context_length: model.context_length,
    max_output_tokens: model.max_output_tokens,
    modalities: model.modalities,
    capabilities: model.capabilities,
    providers: model.providers.map((offer) => ({
      provider: offer.provider,
      model: offer.model,
      pricing: offer.pricing,
      available: configured.has(offer.provider),
    })),
  };
}

export function listModelsHandler(catalog: Catalog, configured: Map<string, ProviderSettings>, created: number): Handler {
  return async (ctx) => {
    sendJson(ctx.res, 200, { object: 'list', data: catalog.list().map((model) => renderModel(model, configured, created)) });
  };
}

export function getModelHandler(catalog: Catalog, configured: Map<string, ProviderSettings>, created: number): Handler {
  return async (ctx) => {
    // Model ids contain a slash, so the route captures author and name separately.
    const id = ctx.params.name ? `${ctx.params.author}/${ctx.params.name}` : ctx.params.author;
    const model = catalog.get(id);
    if (!model) throw new GatewayError({ status: 404, code: 'model_not_found', param: 'model', message: `The model '${id}' does not exist.` });
    sendJson(ctx.res, 200, renderModel(model, configured, created));
  };
}
