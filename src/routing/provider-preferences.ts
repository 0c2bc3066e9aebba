import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';

/**
 * Per-request routing in the body, OpenRouter's convention:
 * `provider: {order, only, ignore, allow_fallbacks}`. These are the gateway's own fields, read
 * from any inbound format and never forwarded upstream.
 */
export type ProviderPreferences = {
  order?: string[];
  only?: string[];
  ignore?: string[];
  allowFallbacks: boolean;
};

const preferencesSchema = z.strictObject({
  order: z.array(z.string().min(1)).optional(),
  only: z.array(z.string().min(1)).optional(),
  ignore: z.array(z.string().min(1)).optional(),
  allow_fallbacks: z.boolean().optional(),
});

/** The body fields that belong to the gateway, stripped before a body is passed through. */
export const gatewayBodyFields = ['provider', 'models'] as const;

export function parseProviderPreferences(body: Record<string, unknown>): ProviderPreferences {
  if (body.provider === undefined) return { allowFallbacks: true };
  const parsed = preferencesSchema.safeParse(body.provider);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['provider', ...issue.path.map(String)].join('.');
    throw GatewayError.invalidRequest(`${path}: ${issue.message}`, path);
  }
  const { order, only, ignore, allow_fallbacks } = parsed.data;
  return { order, only, ignore, allowFallbacks: allow_fallbacks ?? true };
}

/** Applies preferences to the catalog's default order: `only` filters, `ignore` removes, `order` goes first. */
export function applyPreferences<T extends { provider: { id: string } }>(targets: T[], preferences: ProviderPreferences): T[] {
  let chosen = targets;
  if (preferences.only) chosen = chosen.filter((target) => preferences.only!.includes(target.provider.id));
  if (preferences.ignore) chosen = chosen.filter((target) => !preferences.ignore!.includes(target.provider.id));
  if (preferences.order) {
    const rank = (target: T) => {
      const index = preferences.order!.indexOf(target.provider.id);
      return index === -1 ? preferences.order!.length : index;
    };
    // Stable sort keeps the catalog's order among providers the request did not rank.
    chosen = [...chosen].sort((a, b) => rank(a) - rank(b));
  }
  if (!preferences.allowFallbacks) chosen = chosen.slice(0, 1);
  return chosen;
}
