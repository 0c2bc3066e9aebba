import { GatewayError } from '../../../core/errors.ts';
import type { MediaFile, MediaOutput, MediaRequest, MediaUnits } from '../../../core/media.ts';
import { count, decodeBase64, malformedMediaResponse, parseMediaJson, type MediaAdapter, type MediaUpstreamResponse } from '../../media-adapter.ts';
import { parseGeminiError } from '../parse-gemini-error.ts';
import type { GoogleMediaEndpoint } from './google-media-endpoint.ts';

type Part = { text?: unknown; inlineData?: { mimeType?: unknown; data?: unknown } };
type TokenDetail = { modality?: unknown; tokenCount?: unknown };

/**
 * Gemini image output (`gemini-2.5-flash-image`): `generateContent` with
 * `responseModalities: ["TEXT", "IMAGE"]` and `imageConfig.aspectRatio`; an `image` file is sent
 * as inline data beside the prompt, which makes it an edit. Images come back as `inlineData` parts.
 */
export function geminiImageAdapter(endpoint: GoogleMediaEndpoint): MediaAdapter {
  return {
    family: endpoint.provider,
    kind: 'image',
    async buildRequest(request, upstreamModel, settings) {
      const parts: Part[] = [{ text: String(request.input.prompt ?? '') }];
      const image = request.files?.image;
      if (image) {
        if (image.kind !== 'inline') throw GatewayError.unsupported('An image given by URL', settings.id, 'image');
        parts.push({ inlineData: { mimeType: image.mediaType, data: Buffer.from(image.data).toString('base64') } });
      }
      const aspectRatio = request.input.aspect_ratio;
      const body = {
        contents: [{ role: 'user', parts }],
        generationConfig: { responseModalities: ['TEXT', 'IMAGE'], ...(typeof aspectRatio === 'string' ? { imageConfig: { aspectRatio } } : {}) },
      };
      return {
        url: endpoint.url(settings, upstreamModel, 'generateContent'),
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await endpoint.headers(settings)) },
        body: JSON.stringify(body),
      };
    },
    parseResponse(response: MediaUpstreamResponse, _request: MediaRequest): MediaOutput {
      const json = parseMediaJson(response, endpoint.provider);
      const candidate = (Array.isArray(json.candidates) ? json.candidates[0] : undefined) as { content?: { parts?: Part[] }; finishReason?: unknown } | undefined;
      const parts = candidate?.content?.parts ?? [];
      const files: MediaFile[] = [];
      let text = '';
      for (const part of parts) {
        if (typeof part.inlineData?.data === 'string') {
          const mediaType = typeof part.inlineData.mimeType === 'string' ? part.inlineData.mimeType : 'image/png';
          files.push({ kind: 'inline', mediaType, data: decodeBase64(part.inlineData.data) });
        } else if (typeof part.text === 'string') text += part.text;
      }
      if (files.length === 0) {
        // Safety or recitation stops (finishReason IMAGE_SAFETY, NO_IMAGE...) answer 200 with text only:
        // a client error that another provider would repeat, so not retryable.
        const reason = typeof candidate?.finishReason === 'string' ? candidate.finishReason : 'no candidate';
        if (!candidate) throw malformedMediaResponse(endpoint.provider, 'no candidates');
        throw new GatewayError({ status: 422, code: 'upstream_error', provider: endpoint.provider, message: `The model returned no image (finishReason ${reason})${text ? `: ${text}` : '.'}` });
      }
      return { files, ...(text ? { text } : {}), units: { images: files.length, ...geminiUnits(json.usageMetadata) } };
    },
    parseError: (status, headers, body, settings) => parseGeminiError(status, headers, body, settings.id),
  };
}

/** `usageMetadata`: prompt tokens in, candidate tokens out, of which `candidatesTokensDetails` says how many were images. */
function geminiUnits(usage: unknown): MediaUnits {
  if (typeof usage !== 'object' || usage === null) return {};
  const u = usage as { promptTokenCount?: unknown; candidatesTokenCount?: unknown; candidatesTokensDetails?: TokenDetail[]; promptTokensDetails?: TokenDetail[] };
  const byModality = (details: TokenDetail[] | undefined, modality: string) =>
    Array.isArray(details) ? details.filter((d) => d?.modality === modality).reduce((sum, d) => sum + (count(d.tokenCount) ?? 0), 0) : undefined;
  const inputTokens = count(u.promptTokenCount);
  const outputTokens = count(u.candidatesTokenCount);
  const outputImageTokens = byModality(u.candidatesTokensDetails, 'IMAGE');
  const inputImageTokens = byModality(u.promptTokensDetails, 'IMAGE');
  return {
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
    ...(outputImageTokens ? { outputImageTokens } : {}),
    ...(inputImageTokens ? { inputImageTokens } : {}),
  };
}
