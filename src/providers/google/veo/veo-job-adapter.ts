import { GatewayError } from '../../../core/errors.ts';
import type { MediaRequest } from '../../../core/media.ts';
import type { JobAdapter, JobProgress } from '../../job-adapter.ts';
import type { HeaderMap, ProviderSettings } from '../../provider-adapter.ts';

/** Veo 3 makes 8-second clips; the default when the request names no duration. */
const DEFAULT_SECONDS = 8;

/** A long-running operation as the Gemini API renders it. */
type Operation = {
  name?: string;
  done?: boolean;
  error?: { code?: number; message?: string };
  response?: {
    generateVideoResponse?: {
      generatedSamples?: Array<{ video?: { uri?: string } }>;
      raiMediaFilteredCount?: number;
      raiMediaFilteredReasons?: string[];
    };
  };
};

/**
 * Veo on the Gemini API: `POST {base}/v1beta/models/{model}:predictLongRunning` with
 * `instances: [{prompt, image?}]` and `parameters`, answered with an operation name; then
 * `GET {base}/v1beta/{name}` until `done`. The video's URI needs the API key to download.
 */
export const veoJobAdapter: JobAdapter = {
  family: 'veo',
  kind: 'video',
  buildSubmit(request, model, settings) {
    const { input } = request;
    const instance: Record<string, unknown> = { prompt: input.prompt };
    if (typeof input.image === 'string') instance.image = inlineImage(input.image);
    const parameters: Record<string, unknown> = {};
    if (input.aspect_ratio !== undefined) parameters.aspectRatio = input.aspect_ratio;
    if (input.negative_prompt !== undefined) parameters.negativePrompt = input.negative_prompt;
    if (input.duration_seconds !== undefined) parameters.durationSeconds = input.duration_seconds;
    if (input.resolution !== undefined) parameters.resolution = input.resolution;
    if (input.seed !== undefined) parameters.seed = input.seed;
    return {
      method: 'POST',
      url: `${settings.baseUrl}/v1beta/models/${encodeURIComponent(model)}:predictLongRunning`,
      headers: { 'x-goog-api-key': settings.apiKey ?? '', 'content-type': 'application/json', ...settings.headers },
      body: JSON.stringify({ instances: [instance], parameters }),
    };
  },
  parseSubmit(body, request) {
    const operation = body as Operation;
    if (typeof operation?.name !== 'string') throw unreadable('an operation without a name');
    return { upstreamId: operation.name, progress: progressOf(operation, request) };
  },
  buildPoll(name, settings) {
    // The name is a path (`models/veo-3.0-generate-001/operations/abc`), kept as is.
    return { method: 'GET', url: `${settings.baseUrl}/v1beta/${name}`, headers: { 'x-goog-api-key': settings.apiKey ?? '', ...settings.headers } };
  },
  parsePoll(body, request) {
    return progressOf(body as Operation, request);
  },
  downloadHeaders: (_url, settings) => ({ 'x-goog-api-key': settings.apiKey ?? '' }),
  parseError(status: number, _headers: HeaderMap, body: string, _settings: ProviderSettings) {
    let message = body.slice(0, 500);
    let upstreamType: string | undefined;
    try {
      const json = JSON.parse(body) as { error?: { message?: string; status?: string } };
      message = json.error?.message ?? message;
      upstreamType = json.error?.status;
    } catch {
      // Not JSON: keep the text.
    }
    const refused = status === 401 || status === 403 || upstreamType === 'PERMISSION_DENIED' || /API key/i.test(message);
    return new GatewayError({
      status: refused ? 502 : status,
      code: refused ? 'upstream_error' : status === 400 ? 'invalid_request' : status === 429 ? 'rate_limited' : 'upstream_error',
      provider: 'google',
      upstreamType,
      message: `Veo: ${message}`,
    });
  },
};

function progressOf(operation: Operation, request: MediaRequest): JobProgress {
  if (!operation?.done) return { status: 'running' };
  if (operation.error) return { status: 'failed', reason: operation.error.message ?? `Operation failed with code ${operation.error.code}.` };
  const result = operation.response?.generateVideoResponse;
  const uris = (result?.generatedSamples ?? []).map((sample) => sample.video?.uri).filter((uri): uri is string => typeof uri === 'string');
  // Safety filters end the operation "successfully" with no samples and a reason.
  if (uris.length === 0) return { status: 'failed', reason: result?.raiMediaFilteredReasons?.join(' ') || 'Veo returned no video.' };
  const asked = request.input.duration_seconds;
  return { status: 'succeeded', files: uris.map((url) => ({ url })), units: { seconds: (typeof asked === 'number' ? asked : DEFAULT_SECONDS) * uris.length } };
}

/** Veo takes a first-frame image as bytes only: a `data:` URI is unpacked, anything else refused. */
function inlineImage(image: string): { bytesBase64Encoded: string; mimeType: string } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(image);
  if (!match) throw GatewayError.invalidRequest('Veo takes the first-frame image as a data: URI or a gateway file, not a remote URL.', 'input.image');
  return { bytesBase64Encoded: match[2], mimeType: match[1] };
}

function unreadable(what: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider: 'google', message: `Veo sent ${what}.` });
}
