import { GatewayError } from '../../core/errors.ts';
import type { MediaFile, MediaRequest } from '../../core/media.ts';
import type { FormData } from '../../media/multipart-reader.ts';

/** How the client wants images back: inline base64 (`b64_json`, the default) or a link (`url`). */
export type ImageResponseFormat = 'b64_json' | 'url';

/** An OpenAI Images request in canonical terms, and the gateway concerns beside it. */
export type ParsedImageRequest = { request: MediaRequest; responseFormat: ImageResponseFormat };

/** Fields of OpenAI's Images API that are not model parameters: how to answer, who asks, and the gateway's routing fields. */
const NOT_INPUT = new Set(['model', 'response_format', 'user', 'provider', 'models', 'stream', 'partial_images']);

/**
 * `POST /v1/images/generations` (JSON). Every other field is a model parameter under its OpenAI
 * name, which is the canonical name (prompt, n, size, quality, style, output_format, background...);
 * other models' parameters (aspect_ratio, seed, negative_prompt) are accepted the same way and
 * checked against the chosen model's schema.
 */
export function parseImageGenerationRequest(body: Record<string, unknown>): ParsedImageRequest {
  const model = modelOf(body.model);
  if (body.stream === true) throw GatewayError.unsupported('Streaming image generation (stream: true)', 'switchyard', 'stream');
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) if (!NOT_INPUT.has(name) && value !== null) input[name] = value;
  return { request: { kind: 'image', model, input }, responseFormat: responseFormatOf(body.response_format) };
}

/**
 * `POST /v1/images/edits` (multipart): `image` (or `image[]`, first file) and an optional `mask`
 * become files; text fields are parameters as for generations.
 */
export function parseImageEditRequest(form: FormData): ParsedImageRequest {
  const text = (name: string) => form.fields.get(name)?.[0];
  const model = modelOf(text('model'));
  const input: Record<string, unknown> = {};
  for (const [name, values] of form.fields) if (!NOT_INPUT.has(name)) input[name] = values[0];
  const files: Record<string, MediaFile> = {};
  const image = form.files.find((file) => file.field === 'image' || file.field === 'image[]');
  if (!image) throw GatewayError.invalidRequest("An image edit needs an 'image' file.", 'image');
  files.image = { kind: 'inline', mediaType: imageType(image.mediaType, image.filename), data: image.data };
  const mask = form.files.find((file) => file.field === 'mask');
  if (mask) files.mask = { kind: 'inline', mediaType: imageType(mask.mediaType, mask.filename), data: mask.data };
  return { request: { kind: 'image', model, input, files }, responseFormat: responseFormatOf(text('response_format')) };
}

function modelOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw GatewayError.invalidRequest("'model' is required, e.g. 'openai/gpt-image-1' or 'google/imagen-4'.", 'model');
  return value.trim();
}

function responseFormatOf(value: unknown): ImageResponseFormat {
  if (value === undefined || value === null || value === 'b64_json') return 'b64_json';
  if (value === 'url') return 'url';
  throw GatewayError.invalidRequest(`${JSON.stringify(value)} is not a valid 'response_format'. Accepted values: b64_json, url.`, 'response_format');
}

/** SDKs upload files as application/octet-stream when they cannot tell; the file name usually can. */
function imageType(declared: string, filename: string): string {
  if (declared.startsWith('image/')) return declared;
  const extension = filename.toLowerCase().split('.').pop();
  return ({ png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' } as Record<string, string>)[extension ?? ''] ?? 'image/png';
}
