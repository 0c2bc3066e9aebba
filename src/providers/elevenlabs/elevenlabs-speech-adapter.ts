import { GatewayError } from '../../core/errors.ts';
import type { MediaOutput, MediaRequest } from '../../core/media.ts';
import type { MediaAdapter, MediaUpstreamRequest, MediaUpstreamResponse } from '../media-adapter.ts';
import type { HeaderMap, ProviderSettings } from '../provider-adapter.ts';

/** Canonical `output_format` → ElevenLabs' `output_format` query value and the media type it answers with. */
const OUTPUT_FORMATS: Record<string, { query: string; mediaType: string }> = {
  mp3: { query: 'mp3_44100_128', mediaType: 'audio/mpeg' },
  pcm: { query: 'pcm_24000', mediaType: 'audio/pcm' },
  opus: { query: 'opus_48000_64', mediaType: 'audio/ogg' },
};

/** Rachel, a premade voice every ElevenLabs account has. */
export const DEFAULT_ELEVENLABS_VOICE = '21m00Tcm4TlvDq8ikWAM';

/**
 * ElevenLabs text-to-speech: `POST /v1/text-to-speech/{voice_id}?output_format=…` with
 * `xi-api-key`, body `{text, model_id, language_code, seed, voice_settings}`; the answer is the audio.
 */
export const elevenLabsSpeechAdapter: MediaAdapter = {
  family: 'elevenlabs',
  kind: 'speech',
  buildRequest(request: MediaRequest, upstreamModel: string, settings: ProviderSettings): MediaUpstreamRequest {
    const input = request.input;
    const voice = typeof input.voice === 'string' && input.voice ? input.voice : DEFAULT_ELEVENLABS_VOICE;
    const format = OUTPUT_FORMATS[String(input.output_format ?? 'mp3')];
    if (!format) throw GatewayError.unsupported(`output_format '${String(input.output_format)}'`, settings.id, 'output_format');
    const voiceSettings: Record<string, unknown> = {};
    for (const name of ['stability', 'similarity_boost', 'speed'] as const) if (input[name] !== undefined) voiceSettings[name] = input[name];
    const body: Record<string, unknown> = {
      text: String(input.prompt ?? ''),
      model_id: upstreamModel,
      ...(typeof input.language === 'string' ? { language_code: input.language } : {}),
      ...(input.seed !== undefined ? { seed: input.seed } : {}),
      ...(Object.keys(voiceSettings).length > 0 ? { voice_settings: voiceSettings } : {}),
    };
    return {
      url: `${settings.baseUrl.replace(/\/+$/, '')}/v1/text-to-speech/${encodeURIComponent(voice)}?output_format=${format.query}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: format.mediaType, ...settings.headers, ...(settings.apiKey ? { 'xi-api-key': settings.apiKey } : {}) },
      body: JSON.stringify(body),
    };
  },
  parseResponse(response: MediaUpstreamResponse, request: MediaRequest): MediaOutput {
    const format = OUTPUT_FORMATS[String(request.input.output_format ?? 'mp3')] ?? OUTPUT_FORMATS.mp3;
    const characters = typeof request.input.prompt === 'string' ? [...request.input.prompt].length : 0;
    return { files: [{ kind: 'inline', mediaType: format.mediaType, data: response.body }], units: { characters } };
  },
  parseError: parseElevenLabsError,
};

/**
 * ElevenLabs errors: `{detail: {status, message}}`, or FastAPI's `{detail: [{msg, loc}]}` for
 * validation failures, or `{detail: "text"}`.
 */
export function parseElevenLabsError(status: number, headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError {
  let message = body.trim().slice(0, 500) || `Upstream error (HTTP ${status}).`;
  let upstreamType: string | undefined;
  try {
    const detail = (JSON.parse(body) as { detail?: unknown }).detail;
    if (typeof detail === 'string') message = detail;
    else if (Array.isArray(detail)) message = detail.map((item: { msg?: unknown }) => String(item?.msg ?? '')).join('; ');
    else if (typeof detail === 'object' && detail !== null) {
      const d = detail as { message?: unknown; status?: unknown };
      if (typeof d.message === 'string') message = d.message;
      if (typeof d.status === 'string') upstreamType = d.status;
    }
  } catch {
    // not JSON: keep the excerpt
  }
  const retryAfter = Number(Array.isArray(headers['retry-after']) ? headers['retry-after'][0] : headers['retry-after']);
  return new GatewayError({
    status,
    code: status === 401 ? 'authentication' : status === 429 ? 'rate_limited' : status === 422 || status === 400 ? 'invalid_request' : 'upstream_error',
    message,
    provider: settings.id,
    upstreamType,
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
  });
}
