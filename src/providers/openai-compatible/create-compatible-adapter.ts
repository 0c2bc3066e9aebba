import { createOpenAiCompatibleAdapter } from '../openai/create-openai-compatible-adapter.ts';
import type { OpenAiCompatibleQuirks } from '../openai/quirks.ts';
import type { ProviderAdapter } from '../provider-adapter.ts';

/** A JSON request body with some top-level fields renamed (`seed` → `random_seed`). */
export function renameBodyFields(body: string, renames: Record<string, string>): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) out[renames[key] ?? key] = value;
  return JSON.stringify(out);
}

/**
 * The shared OpenAI adapter for one compatible provider: the quirks go to the shared request
 * builder, and fields the provider spells differently are renamed on the way out (also on
 * passthrough, where an OpenAI client's body is forwarded as is).
 */
export function createCompatibleAdapter(
  family: string,
  quirks: OpenAiCompatibleQuirks,
  renameFields?: Record<string, string>,
): ProviderAdapter {
  const base = createOpenAiCompatibleAdapter(family, quirks);
  if (!renameFields || Object.keys(renameFields).length === 0) return base;
  return {
    ...base,
    async buildRequest(request, upstreamModel, settings) {
      const built = await base.buildRequest(request, upstreamModel, settings);
      return built.body === undefined ? built : { ...built, body: renameBodyFields(built.body, renameFields) };
    },
    passthroughBody: (clientBody, upstreamModel) => renameBodyFields(JSON.stringify({ ...clientBody, model: upstreamModel }), renameFields),
  };
}
