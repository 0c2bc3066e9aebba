import type { MediaOutput, MediaRequest, MediaUnits } from '../../../core/media.ts';
import { GatewayError } from '../../../core/errors.ts';
import { count, parseMediaJson, type MediaAdapter, type MediaUpstreamRequest, type MediaUpstreamResponse } from '../../media-adapter.ts';
import type { ProviderSettings } from '../../provider-adapter.ts';
import { parseOpenAiError } from '../parse-openai-error.ts';
import { buildMultipartBody, filenameFor, type FormPart } from './build-multipart-body.ts';

/**
 * Whisper can answer `verbose_json` (duration and timed segments, which the gateway renders as
 * srt/vtt/text itself and bills by); the gpt-4o transcribe models take only `json`/`text` and
 * report token usage instead.
 */
function upstreamFormat(model: string): 'verbose_json' | 'json' {
  return model.startsWith('whisper') ? 'verbose_json' : 'json';
}

/** OpenAI speech-to-text, `POST /audio/transcriptions` (multipart): the audio file plus model, language, prompt, temperature. */
export const openAiTranscriptionAdapter: MediaAdapter = {
  family: 'openai',
  kind: 'transcription',
  buildRequest(request: MediaRequest, upstreamModel: string, settings: ProviderSettings): MediaUpstreamRequest {
    const audio = request.files?.audio;
    if (!audio) throw GatewayError.invalidRequest("A transcription needs an audio file ('file').", 'file');
    if (audio.kind !== 'inline') throw GatewayError.unsupported('Audio given by URL', settings.id, 'file');
    const parts: FormPart[] = [{ name: 'model', value: upstreamModel }];
    for (const name of ['language', 'prompt', 'temperature'] as const) {
      const value = request.input[name];
      if (value !== undefined) parts.push({ name, value: String(value) });
    }
    parts.push({ name: 'response_format', value: upstreamFormat(upstreamModel) });
    parts.push({ name: 'file', file: audio, filename: filenameFor('audio', audio.mediaType) });
    const form = buildMultipartBody(parts);
    return {
      url: `${settings.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`,
      method: 'POST',
      headers: { 'content-type': form.contentType, ...settings.headers, ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
      body: form.body,
    };
  },
  parseResponse(response: MediaUpstreamResponse): MediaOutput {
    const json = parseMediaJson(response, 'openai');
    const text = typeof json.text === 'string' ? json.text : '';
    const data: Record<string, unknown> = {};
    if (typeof json.language === 'string') data.language = json.language;
    if (count(json.duration) !== undefined) data.duration = json.duration;
    if (Array.isArray(json.segments)) data.segments = json.segments;
    return { files: [], text, data, units: transcriptionUnits(json) };
  },
  parseError: (status, headers, body, settings) => parseOpenAiError(status, headers, body, settings.id),
};

/** Seconds from whisper's `duration` (or `usage: {type: "duration", seconds}`); tokens from the gpt-4o models' `usage`. */
function transcriptionUnits(json: Record<string, unknown>): MediaUnits {
  const usage = (json.usage ?? {}) as { type?: unknown; seconds?: unknown; input_tokens?: unknown; output_tokens?: unknown; input_token_details?: { audio_tokens?: unknown } };
  const seconds = count(json.duration) ?? count(usage.seconds);
  const inputTokens = count(usage.input_tokens);
  const outputTokens = count(usage.output_tokens);
  const inputAudioTokens = count(usage.input_token_details?.audio_tokens);
  return {
    ...(seconds !== undefined ? { seconds } : {}),
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
    ...(inputAudioTokens !== undefined ? { inputAudioTokens } : {}),
  };
}
