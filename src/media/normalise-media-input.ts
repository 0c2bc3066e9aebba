import type { ParameterSchema } from './parameter-schema.ts';

/**
 * Makes one request work across models that name the same thing differently, before validation:
 * - `size` ("1536x1024") for a model that takes `aspect_ratio` becomes the nearest ratio it accepts
 *   ("3:2"), and `aspect_ratio` for a model that takes `size` becomes the nearest size; "auto" is dropped;
 * - `output_format: "jpg"` is `jpeg`.
 * What remains unknown to the model is refused by validation, naming the parameter.
 */
export function normaliseMediaInput(input: Record<string, unknown>, schema: ParameterSchema): Record<string, unknown> {
  const out = { ...input };
  const has = (name: string) => name in schema.properties;
  if (typeof out.size === 'string' && !has('size') && has('aspect_ratio')) {
    const ratio = parseRatio(out.size, 'x');
    delete out.size;
    if (ratio && out.aspect_ratio === undefined) out.aspect_ratio = nearest(ratio, schema.properties.aspect_ratio.enum, ':') ?? reduce(ratio);
  }
  if (typeof out.aspect_ratio === 'string' && !has('aspect_ratio') && has('size')) {
    const ratio = parseRatio(out.aspect_ratio, ':');
    delete out.aspect_ratio;
    const sized = ratio && nearest(ratio, schema.properties.size.enum, 'x');
    if (sized && out.size === undefined) out.size = sized;
  }
  if (out.output_format === 'jpg') out.output_format = 'jpeg';
  return out;
}

function parseRatio(text: string, separator: 'x' | ':'): [number, number] | undefined {
  const [w, h] = text.toLowerCase().split(separator).map(Number);
  return Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0 ? [w, h] : undefined;
}

/** The accepted value (`"16:9"` or `"1536x1024"`) whose width/height ratio is closest to `ratio`, on a log scale. */
function nearest(ratio: [number, number], accepted: readonly unknown[] | undefined, separator: 'x' | ':'): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const value of accepted ?? []) {
    if (typeof value !== 'string') continue;
    const candidate = parseRatio(value, separator);
    if (!candidate) continue;
    const distance = Math.abs(Math.log(candidate[0] / candidate[1]) - Math.log(ratio[0] / ratio[1]));
    if (distance < bestDistance) [best, bestDistance] = [value, distance];
  }
  return best;
}

/** `[1536, 1024]` → `"3:2"`, for models that take any ratio. */
function reduce([w, h]: [number, number]): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(Math.round(w), Math.round(h)) || 1;
  return `${Math.round(w) / d}:${Math.round(h) / d}`;
}
