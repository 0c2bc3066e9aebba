import type { MediaUnits } from '../../core/media.ts';
import type { Pricing } from '../../routing/catalog/catalog-schema.ts';
import type { CatalogModel } from '../../routing/catalog/catalog-schema.ts';

/**
 * The units a run will most likely be billed for, from its validated input, for the hold taken
 * at submission: `n` images (or 1), the requested duration (or the model's default, else 10 s),
 * the prompt's characters. The capture uses what the provider actually produced.
 */
export function estimateUnits(model: CatalogModel, input: Record<string, unknown>, pricing: Pricing | undefined): MediaUnits {
  const prompt = typeof input.prompt === 'string' ? input.prompt : '';
  switch (model.kind) {
    case 'image': {
      const images = typeof input.n === 'number' ? input.n : 1;
      // Token-priced image models carry a typical per-image price for estimates.
      return { images, ...(pricing?.per_megapixel !== undefined ? { megapixels: images * 1.05 } : {}) };
    }
    case 'speech':
      return { characters: prompt.length, seconds: Math.ceil(prompt.length / 12) };
    case 'video':
    case 'music':
      return { seconds: typeof input.duration_seconds === 'number' ? input.duration_seconds : 10 };
    default:
      return { seconds: 600 };
  }
}
