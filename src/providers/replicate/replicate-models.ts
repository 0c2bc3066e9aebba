import type { MediaKind } from '../../core/media.ts';

/** How one Replicate model names the canonical inputs, and what it produces. */
export type ReplicateModelSpec = {
  kind: MediaKind;
  /** Canonical input name → the model's own field (`n` → `num_outputs`, `image` → `start_image`). */
  rename: Record<string, string>;
  /** Seconds of video or audio produced when the request names no duration. */
  defaultSeconds?: number;
  /** Quick enough for `Prefer: wait`: answered synchronously by `/v1/run`. */
  sync: boolean;
};

/** The Replicate models the catalog lists; differences as data. Unlisted models get `fallbackSpec`. */
export const replicateModels: Record<string, ReplicateModelSpec> = {
  'black-forest-labs/flux-schnell': { kind: 'image', rename: { n: 'num_outputs' }, sync: true },
  'black-forest-labs/flux-1.1-pro': { kind: 'image', rename: {}, sync: true },
  'kwaivgi/kling-v2.1': { kind: 'video', rename: { image: 'start_image', duration_seconds: 'duration' }, defaultSeconds: 5, sync: false },
  'minimax/video-01': { kind: 'video', rename: { image: 'first_frame_image' }, defaultSeconds: 6, sync: false },
  'meta/musicgen': { kind: 'music', rename: { duration_seconds: 'duration' }, defaultSeconds: 8, sync: false },
};

export const fallbackSpec: ReplicateModelSpec = { kind: 'image', rename: {}, sync: false };

/** The model's input in Replicate's field names; `jpeg` is `jpg` on Replicate's image models. */
export function toReplicateInput(input: Record<string, unknown>, spec: ReplicateModelSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    out[spec.rename[name] ?? name] = name === 'output_format' && value === 'jpeg' && spec.kind === 'image' ? 'jpg' : value;
  }
  return out;
}
