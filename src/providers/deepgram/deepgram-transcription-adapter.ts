import { GatewayError } from '../../core/errors.ts';
import type { MediaOutput, MediaRequest } from '../../core/media.ts';
import { count, malformedMediaResponse, parseMediaJson, type MediaAdapter, type MediaUpstreamRequest, type MediaUpstreamResponse } from '../media-adapter.ts';
import type { HeaderMap, ProviderSettings } from '../provider-adapter.ts';

type Utterance = { start?: unknown; end?: unknown; transcript?: unknown };

/**
 * Deepgram pre-recorded transcription: `POST /v1/listen?model=nova-3&…` with the raw audio as the
 * body (its media type as content-type) and `Authorization: Token <key>`. `utterances=true`
 * gives timed segments (for srt/vtt); a `prompt` is sent as Nova-3 `keyterm`s.
 */
export const deepgramTranscriptionAdapter: MediaAdapter = {
  family: 'deepgram',
  kind: 'transcription',
  buildRequest(request: MediaRequest, upstreamModel: string, settings: ProviderSettings): MediaUpstreamRequest {
    const audio = request.files?.audio;
    if (!audio) throw GatewayError.invalidRequest("A transcription needs an audio file ('file').", 'file');
    const query = new URLSearchParams({ model: upstreamModel, smart_format: 'true', punctuate: 'true', utterances: 'true' });
    if (typeof request.input.language === 'string') query.set('language', request.input.language);
    else query.set('detect_language', 'true');
    if (typeof request.input.prompt === 'string') for (const term of request.input.prompt.split(/[,\n]/).map((t) => t.trim()).filter(Boolean)) query.append('keyterm', term);
    const headers: Record<string, string> = { ...settings.headers, ...(settings.apiKey ? { authorization: `Token ${settings.apiKey}` } : {}) };
    const url = `${settings.baseUrl.replace(/\/+$/, '')}/v1/listen?${query}`;
    // Deepgram fetches URLs itself when given `{url}` as JSON.
    if (audio.kind === 'url') return { url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ url: audio.url }) };
    return { url, method: 'POST', headers: { 'content-type': audio.mediaType, ...headers }, body: audio.data };
  },
  parseResponse(response: MediaUpstreamResponse): MediaOutput {
    const json = parseMediaJson(response, 'deepgram');
    const results = json.results as { channels?: { alternatives?: { transcript?: unknown }[]; detected_language?: unknown }[]; utterances?: Utterance[] } | undefined;
    const channel = results?.channels?.[0];
    const transcript = channel?.alternatives?.[0]?.transcript;
    if (typeof transcript !== 'string') throw malformedMediaResponse('deepgram', 'no results.channels[0].alternatives[0].transcript');
    const seconds = count((json.metadata as { duration?: unknown } | undefined)?.duration);
    const segments = (results?.utterances ?? []).flatMap((u, id) =>
      typeof u.transcript === 'string' && count(u.start) !== undefined && count(u.end) !== undefined ? [{ id, start: u.start, end: u.end, text: u.transcript }] : [],
    );
    const data: Record<string, unknown> = {};
    if (seconds !== undefined) data.duration = seconds;
    if (typeof channel?.detected_language === 'string') data.language = channel.detected_language;
    if (segments.length > 0) data.segments = segments;
    return { files: [], text: transcript, data, units: seconds !== undefined ? { seconds } : {} };
  },
  parseError: parseDeepgramError,
};

/** Deepgram errors: `{err_code, err_msg, request_id}` (older) or `{category, message}`. */
export function parseDeepgramError(status: number, _headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError {
  let message = body.trim().slice(0, 500) || `Upstream error (HTTP ${status}).`;
  let upstreamType: string | undefined;
  try {
    const json = JSON.parse(body) as { err_msg?: unknown; err_code?: unknown; message?: unknown; category?: unknown };
    const text = json.err_msg ?? json.message;
    if (typeof text === 'string') message = text;
    const type = json.err_code ?? json.category;
    if (typeof type === 'string') upstreamType = type;
  } catch {
    // not JSON: keep the excerpt
  }
  return new GatewayError({
    status,
    code: status === 401 ? 'authentication' : status === 429 ? 'rate_limited' : status === 400 ? 'invalid_request' : status === 413 ? 'payload_too_large' : 'upstream_error',
    message,
    provider: settings.id,
    upstreamType,
  });
}
