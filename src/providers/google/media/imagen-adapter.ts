import { GatewayError } from '../../../core/errors.ts';
import { MEDIA_TYPE_BY_FORMAT, type MediaFile, type MediaOutput } from '../../../core/media.ts';
import { malformedMediaResponse, decodeBase64, parseMediaJson, type MediaAdapter, type MediaUpstreamResponse } from '../../media-adapter.ts';
import { parseGeminiError } from '../parse-gemini-error.ts';
import type { GoogleMediaEndpoint } from './google-media-endpoint.ts';

/** Canonical input names → Imagen's `parameters` fields. */
const PARAMETER_NAMES: Record<string, string> = {
  n: 'sampleCount',
  aspect_ratio: 'aspectRatio',
  image_size: 'sampleImageSize',
  negative_prompt: 'negativePrompt',
  person_generation: 'personGeneration',
  seed: 'seed',
};

/**
 * Imagen (`imagen-4.0-generate-001`): `:predict` with `instances: [{prompt}]` and `parameters`
 * (sampleCount, aspectRatio, outputOptions.mimeType...); images come back as
 * `predictions[].bytesBase64Encoded`. Imagen generates only: an `image` to edit is refused.
 */
export function imagenAdapter(endpoint: GoogleMediaEndpoint): MediaAdapter {
  return {
    family: endpoint.provider,
    kind: 'image',
    async buildRequest(request, upstreamModel, settings) {
      if (request.files?.image) throw GatewayError.unsupported(`Image edits with ${upstreamModel}`, settings.id, 'image');
      const parameters: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(request.input)) {
        const field = PARAMETER_NAMES[name];
        if (field && value !== undefined) parameters[field] = value;
      }
      const format = request.input.output_format;
      if (typeof format === 'string') parameters.outputOptions = { mimeType: MEDIA_TYPE_BY_FORMAT[format] ?? 'image/png' };
      return {
        url: endpoint.url(settings, upstreamModel, 'predict'),
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await endpoint.headers(settings)) },
        body: JSON.stringify({ instances: [{ prompt: String(request.input.prompt ?? '') }], parameters }),
      };
    },
    parseResponse(response: MediaUpstreamResponse): MediaOutput {
      const json = parseMediaJson(response, endpoint.provider);
      // Every image filtered by safety answers `{}` without predictions.
      const predictions = Array.isArray(json.predictions) ? json.predictions : [];
      const files = predictions.flatMap((prediction: { bytesBase64Encoded?: unknown; mimeType?: unknown }): MediaFile[] =>
        typeof prediction?.bytesBase64Encoded === 'string'
          ? [{ kind: 'inline', mediaType: typeof prediction.mimeType === 'string' ? prediction.mimeType : 'image/png', data: decodeBase64(prediction.bytesBase64Encoded) }]
          : [],
      );
      if (files.length === 0) {
        if (!('predictions' in json) && Object.keys(json).length > 0) throw malformedMediaResponse(endpoint.provider, 'no predictions');
        throw new GatewayError({ status: 422, code: 'upstream_error', provider: endpoint.provider, message: 'The model returned no image (all were filtered by its safety settings).' });
      }
      return { files, units: { images: files.length } };
    },
    parseError: (status, headers, body, settings) => parseGeminiError(status, headers, body, settings.id),
  };
}
