import { GatewayError } from '../core/errors.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import type { ProviderDefinition } from '../providers/provider-table.ts';
import type { Catalog } from './catalog/load-catalog.ts';
import { applyPreferences, type ProviderPreferences } from './provider-preferences.ts';
import { resolveTargets, type RouteTarget } from './resolve-targets.ts';

/**
 * The models a request may be served by, in order: `model`, then the body's `models`
 * (OpenRouter's cross-model fallback list), without repeats.
 */
export function requestedModels(model: string, body: Record<string, unknown>): string[] {
  const listed = body.models;
  if (listed === undefined) return [model];
  if (!Array.isArray(listed) || listed.some((entry) => typeof entry !== 'string' || entry === '')) {
    throw GatewayError.invalidRequest('models: must be an array of model ids.', 'models');
  }
  return [...new Set([model, ...(listed as string[])].filter((entry) => entry !== ''))];
}

/**
 * Every target for every requested model, in the order to try them, with the request's
 * provider preferences applied per model. An unknown model is the client's mistake (404);
 * a model none of whose providers is configured is skipped when others can serve. When the
 * preferences leave nothing, the 400 names them.
 */
export function routeCandidates(
  models: string[],
  preferences: ProviderPreferences,
  catalog: Catalog,
  configured: Map<string, ProviderSettings>,
  customProviders: readonly ProviderDefinition[] = [],
): RouteTarget[] {
  const candidates: RouteTarget[] = [];
  let unconfigured: GatewayError | undefined;
  let before = 0;
  for (const model of models) {
    let targets: RouteTarget[];
    try {
      targets = resolveTargets(model, catalog, configured, customProviders);
    } catch (error) {
      if (error instanceof GatewayError && error.status === 503) {
        unconfigured ??= error;
        continue;
      }
      throw error;
    }
    before += targets.length;
    candidates.push(...applyPreferences(targets, preferences));
  }
  if (candidates.length > 0) return candidates;
  if (before === 0 && unconfigured) throw unconfigured;
  throw new GatewayError({
    status: 400,
    code: 'invalid_request',
    param: 'provider',
    message: `No provider of ${models.map((m) => `'${m}'`).join(', ')} is left after the request's provider preferences (${describe(preferences)}).`,
  });
}

function describe(preferences: ProviderPreferences): string {
  const parts: string[] = [];
  if (preferences.only) parts.push(`only: [${preferences.only.join(', ')}]`);
  if (preferences.ignore) parts.push(`ignore: [${preferences.ignore.join(', ')}]`);
  if (preferences.order) parts.push(`order: [${preferences.order.join(', ')}]`);
  return parts.join('; ') || 'none';
}
