import { MEDIA_TYPE_BY_FORMAT, type MediaOutput, type MediaRequest, type MediaUnits } from '../../../core/media.ts';
import { count, decodeBase64, malformedMediaResponse, type MediaAdapter, type MediaUpstreamRequest, type MediaUpstreamResponse } from '../../media-adapter.ts';
import type { HeaderMap, ProviderSettings } from '../../provider-adapter.ts';
import { parseOpenAiError } from '../parse-openai-error.ts';

/**
 * gpt-4o speech models bill tokens but the audio answer carries no usage; asked for
 * `stream_format: "sse"` they end with a `speech.audio.done` event that does. tts-1 refuses sse.
 */
function reportsUsageOverSse(model: string): boolean {
  return model.startsWith('gpt-');
}

/** OpenAI text-to-speech, `POST /audio/speech`: canonical `prompt` is OpenAI's `input`, `output_format` its `response_format`. */
export const openAiSpeechAdapter: MediaAdapter = {
  family: 'openai',
  kind: 'speech',
  buildRequest(request: MediaRequest, upstreamModel: string, settings: ProviderSettings): MediaUpstreamRequest {
    const { prompt, output_format: format, ...rest } = request.input;
    const body: Record<string, unknown> = { model: upstreamModel, input: prompt, ...rest, ...(format !== undefined ? { response_format: format } : {}) };
    if (reportsUsageOverSse(upstreamModel)) body.stream_format = 'sse';
    return {
      url: `${settings.baseUrl.replace(/\/+$/, '')}/audio/speech`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...settings.headers, ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
      body: JSON.stringify(body),
    };
  },
  parseResponse(response: MediaUpstreamResponse, request: MediaRequest): MediaOutput {
    const format = String(request.input.output_format ?? 'mp3');
    const mediaType = MEDIA_TYPE_BY_FORMAT[format] ?? 'audio/mpeg';
    const characters = typeof request.input.prompt === 'string' ? [...request.input.prompt].length : 0;
    if (contentType(response.headers).startsWith('text/event-stream')) {
      const { audio, units } = collectSpeechEvents(new TextDecoder().decode(response.body));
      return { files: [{ kind: 'inline', mediaType, data: audio }], units: { characters, ...units } };
    }
    const served = contentType(response.headers);
    return { files: [{ kind: 'inline', mediaType: served.startsWith('audio/') ? served : mediaType, data: response.body }], units: { characters } };
  },
  parseError: (status, headers, body, settings) => parseOpenAiError(status, headers, body, settings.id),
};

function contentType(headers: HeaderMap): string {
  const value = headers['content-type'];
  return (Array.isArray(value) ? value[0] : value ?? '').split(';')[0].trim().toLowerCase();
}

/** `speech.audio.delta` events' base64 audio joined, and the `speech.audio.done` usage. */
function collectSpeechEvents(text: string): { audio: Uint8Array; units: MediaUnits } {
  const chunks: Uint8Array[] = [];
  let units: MediaUnits = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    let event: { type?: unknown; audio?: unknown; usage?: { input_tokens?: unknown; output_tokens?: unknown } };
    try {
      event = JSON.parse(line.slice(5));
    } catch {
      throw malformedMediaResponse('openai', 'a speech event is not JSON');
    }
    if (event.type === 'speech.audio.delta' && typeof event.audio === 'string') chunks.push(decodeBase64(event.audio));
    if (event.type === 'speech.audio.done') {
      const inputTokens = count(event.usage?.input_tokens);
      const outputTokens = count(event.usage?.output_tokens);
      units = { ...(inputTokens !== undefined ? { inputTokens } : {}), ...(outputTokens !== undefined ? { outputTokens, outputAudioTokens: outputTokens } : {}) };
    }
  }
  if (chunks.length === 0) throw malformedMediaResponse('openai', 'the speech stream carried no audio');
  return { audio: Buffer.concat(chunks), units };
}
