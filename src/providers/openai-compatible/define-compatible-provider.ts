import type { ProviderSettings } from '../provider-adapter.ts';
import type { Env, ProviderDefinition } from '../provider-table.ts';
import type { CompatibleProviderSpec } from './compatible-provider-spec.ts';
import { createCompatibleAdapter } from './create-compatible-adapter.ts';

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Settings from `<PREFIX>_API_KEY` and `<PREFIX>_BASE_URL`. A keyed provider is on when its key
 * is set; a keyless one (a local server) when its key or its base URL is.
 */
export function compatibleSettingsFromEnv(spec: CompatibleProviderSpec, env: Env): ProviderSettings | undefined {
  const apiKey = nonEmpty(env[`${spec.envPrefix}_API_KEY`]);
  const baseUrl = nonEmpty(env[`${spec.envPrefix}_BASE_URL`]);
  if (!apiKey && !(spec.keyless && baseUrl)) return undefined;
  const headers: Record<string, string> = {};
  for (const [header, variable] of Object.entries(spec.headersFromEnv ?? {})) {
    const value = nonEmpty(env[variable]);
    if (value) headers[header] = value;
  }
  return {
    id: spec.id,
    baseUrl: baseUrl ?? spec.defaultBaseUrl,
    ...(apiKey ? { apiKey } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

/** A provider-table row from a spec: one shared adapter per quirk set, chosen by model. */
export function defineCompatibleProvider(spec: CompatibleProviderSpec): ProviderDefinition {
  const adapter = createCompatibleAdapter(spec.id, spec.quirks, spec.renameFields);
  const byModel = (spec.modelQuirks ?? []).map(({ match, quirks }) => ({
    match,
    adapter: createCompatibleAdapter(spec.id, { ...spec.quirks, ...quirks }, spec.renameFields),
  }));
  return {
    id: spec.id,
    displayName: spec.displayName,
    adapterFor: (model) => byModel.find((entry) => entry.match.test(model))?.adapter ?? adapter,
    settingsFromEnv: (env) => compatibleSettingsFromEnv(spec, env),
  };
}
