import { GatewayError } from '../core/errors.ts';
import type { ProviderAdapter, ProviderSettings } from '../providers/provider-adapter.ts';
import { findProvider as findBuiltInProvider, type ProviderDefinition } from '../providers/provider-table.ts';
import type { Catalog, CatalogModel, CatalogProviderOffer } from './catalog/load-catalog.ts';

/** One way to serve a request: a provider, its settings and the provider's own model id. */
export type RouteTarget = {
  provider: ProviderDefinition;
  adapter: ProviderAdapter;
  settings: ProviderSettings;
  upstreamModel: string;
  /** The catalog entry, when the model is in the catalog (pricing comes from `offer`). */
  model?: CatalogModel;
  offer?: CatalogProviderOffer;
};

/**
 * The providers that can serve `requested`, in preference order:
 * - a catalog id (`anthropic/claude-sonnet-4-5`) → its offers whose provider is configured;
 * - `provider/upstream-id` of a model not in the catalog → passed through to that provider, unpriced;
 * - a bare upstream id (`gpt-4o-mini`), as SDK users write it → the catalog offers that use that id.
 * `customProviders` are the config file's `"compatible": "openai"` providers, looked up after the built-in table.
 */
export function resolveTargets(
  requested: string,
  catalog: Catalog,
  configured: Map<string, ProviderSettings>,
  customProviders: readonly ProviderDefinition[] = [],
): RouteTarget[] {
  const findProvider = (id: string) => findBuiltInProvider(id) ?? customProviders.find((provider) => provider.id === id);
  const model = catalog.get(requested) ?? catalog.findByUpstreamId(requested);
  if (model) {
    const targets = model.providers.flatMap((offer): RouteTarget[] => {
      const provider = findProvider(offer.provider);
      const settings = configured.get(offer.provider);
      return provider && settings ? [{ provider, adapter: provider.adapterFor(offer.model), settings, upstreamModel: offer.model, model, offer }] : [];
    });
    if (targets.length === 0) {
      const names = model.providers.map((offer) => offer.provider).join(', ');
      throw new GatewayError({
        status: 503,
        code: 'upstream_unavailable',
        message: `Model '${requested}' is served by ${names}, but none of them is configured on this gateway (set its API key).`,
      });
    }
    return targets;
  }

  const slash = requested.indexOf('/');
  if (slash > 0) {
    const providerId = requested.slice(0, slash);
    const upstreamModel = requested.slice(slash + 1);
    const provider = findProvider(providerId);
    const settings = configured.get(providerId);
    if (provider && settings && upstreamModel) return [{ provider, adapter: provider.adapterFor(upstreamModel), settings, upstreamModel }];
    if (provider && !settings) {
      throw new GatewayError({
        status: 503,
        code: 'upstream_unavailable',
        message: `Provider '${providerId}' is not configured on this gateway (set its API key).`,
      });
    }
  }
  throw new GatewayError({
    status: 404,
    code: 'model_not_found',
    param: 'model',
    message: `The model '${requested}' does not exist. Use a catalog id from GET /v1/models (e.g. 'openai/gpt-4o-mini') or 'provider/model-id'.`,
  });
}

