import { MEDIA_TYPE_BY_FORMAT, type MediaFile, type MediaOutput, type MediaRequest, type MediaUnits } from '../../../core/media.ts';
import { GatewayError } from '../../../core/errors.ts';
import { count, decodeBase64, malformedMediaResponse, parseMediaJson, type MediaAdapter, type MediaUpstreamRequest, type MediaUpstreamResponse } from '../../media-adapter.ts';
import type { ProviderSettings } from '../../provider-adapter.ts';
import { parseOpenAiError } from '../parse-openai-error.ts';
import { buildMultipartBody, filenameFor, type FormPart } from './build-multipart-body.ts';

/** Canonical input fields that are files or gateway concerns, never sent as form/JSON fields. */
const NOT_SENT = new Set(['image', 'mask']);

/** DALL·E models answer with URLs by default and take no `output_format`; gpt-image models always answer base64. */
function isDallE(model: string): boolean {
  return model.startsWith('dall-e');
}

/**
 * OpenAI Images: `POST /images/generations` (JSON) or, with an `image` file, `POST /images/edits`
 * (multipart). The validated input is sent as the provider's own fields, which the canonical
 * names already are (prompt, n, size, quality, output_format, background...).
 */
export const openAiImageAdapter: MediaAdapter = {
  family: 'openai',
  kind: 'image',
  buildRequest(request: MediaRequest, upstreamModel: string, settings: ProviderSettings): MediaUpstreamRequest {
    const base = settings.baseUrl.replace(/\/+$/, '');
    const fields: Record<string, unknown> = { model: upstreamModel };
    for (const [name, value] of Object.entries(request.input)) if (!NOT_SENT.has(name) && value !== undefined) fields[name] = value;
    if (isDallE(upstreamModel)) {
      delete fields.output_format;
      fields.response_format = 'b64_json';
    }
    const headers: Record<string, string> = { ...settings.headers, ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) };
    const image = request.files?.image;
    if (!image) {
      return { url: `${base}/images/generations`, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(fields) };
    }
    if (image.kind !== 'inline') throw GatewayError.unsupported('An image given by URL', settings.id, 'image');
    delete fields.moderation;
    const parts: FormPart[] = Object.entries(fields).map(([name, value]) => ({ name, value: String(value) }));
    parts.push({ name: 'image', file: image, filename: filenameFor('image', image.mediaType) });
    const mask = request.files?.mask;
    if (mask?.kind === 'inline') parts.push({ name: 'mask', file: mask, filename: filenameFor('mask', mask.mediaType) });
    const form = buildMultipartBody(parts);
    return { url: `${base}/images/edits`, method: 'POST', headers: { 'content-type': form.contentType, ...headers }, body: form.body };
  },
  parseResponse(response: MediaUpstreamResponse, request: MediaRequest): MediaOutput {
    const json = parseMediaJson(response, 'openai');
    if (!Array.isArray(json.data)) throw malformedMediaResponse('openai', 'no data array');
    const format = typeof json.output_format === 'string' ? json.output_format : String(request.input.output_format ?? 'png');
    const mediaType = MEDIA_TYPE_BY_FORMAT[format] ?? 'image/png';
    const revised: string[] = [];
    const files = json.data.map((item: { b64_json?: unknown; url?: unknown; revised_prompt?: unknown }, index): MediaFile => {
      if (typeof item?.revised_prompt === 'string') revised.push(item.revised_prompt);
      if (typeof item?.b64_json === 'string') return { kind: 'inline', mediaType, data: decodeBase64(item.b64_json) };
      if (typeof item?.url === 'string') return { kind: 'url', url: item.url, mediaType };
      throw malformedMediaResponse('openai', `data[${index}] has neither b64_json nor url`);
    });
    return { files, units: { images: files.length, ...imageTokenUnits(json.usage) }, ...(revised.length > 0 ? { data: { revised_prompt: revised[0] } } : {}) };
  },
  parseError: (status, headers, body, settings) => parseOpenAiError(status, headers, body, settings.id),
};

/** gpt-image-1's `usage`: output tokens are image tokens; input splits into text and image tokens. */
function imageTokenUnits(usage: unknown): MediaUnits {
  if (typeof usage !== 'object' || usage === null) return {};
  const u = usage as { input_tokens?: unknown; output_tokens?: unknown; input_tokens_details?: { image_tokens?: unknown } };
  const inputTokens = count(u.input_tokens);
  const outputTokens = count(u.output_tokens);
  const inputImageTokens = count(u.input_tokens_details?.image_tokens);
  return {
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens, outputImageTokens: outputTokens } : {}),
    ...(inputImageTokens !== undefined ? { inputImageTokens } : {}),
  };
}
