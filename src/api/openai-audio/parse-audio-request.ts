import { GatewayError } from '../../core/errors.ts';
import type { MediaRequest } from '../../core/media.ts';
import type { FormData } from '../../media/multipart-reader.ts';

/** How a transcription is rendered for the client (OpenAI's `response_format`). */
export type TranscriptFormat = 'json' | 'text' | 'srt' | 'verbose_json' | 'vtt';
const TRANSCRIPT_FORMATS: readonly TranscriptFormat[] = ['json', 'text', 'srt', 'verbose_json', 'vtt'];

/** Gateway and client concerns of the speech body, never model parameters. */
const SPEECH_NOT_INPUT = new Set(['model', 'input', 'response_format', 'stream_format', 'user', 'provider', 'models']);

/**
 * `POST /v1/audio/speech` (JSON): OpenAI's `input` is the canonical `prompt`, `response_format`
 * the canonical `output_format`; voice, speed, instructions (and other models' parameters:
 * language, seed...) are passed as they are and checked against the model's schema.
 */
export function parseSpeechRequest(body: Record<string, unknown>): MediaRequest {
  const model = modelOf(body.model, 'openai/tts-1');
  if (typeof body.input !== 'string' || body.input === '') throw GatewayError.invalidRequest("'input' (the text to speak) is required.", 'input');
  if (body.stream_format === 'sse') throw GatewayError.unsupported("stream_format 'sse'", 'switchyard', 'stream_format');
  const input: Record<string, unknown> = { prompt: body.input };
  if (body.response_format !== undefined && body.response_format !== null) input.output_format = body.response_format;
  for (const [name, value] of Object.entries(body)) if (!SPEECH_NOT_INPUT.has(name) && value !== null) input[name] = value;
  return { kind: 'speech', model, input };
}

/**
 * `POST /v1/audio/transcriptions` (multipart): the `file` is the canonical `audio`; language,
 * prompt and temperature are parameters; `response_format` says how to render the transcript.
 */
export function parseTranscriptionRequest(form: FormData): { request: MediaRequest; format: TranscriptFormat } {
  const text = (name: string) => form.fields.get(name)?.[0];
  const model = modelOf(text('model'), 'openai/whisper-1');
  const file = form.files.find((candidate) => candidate.field === 'file');
  if (!file) throw GatewayError.invalidRequest("A transcription needs the audio as a 'file' field.", 'file');
  const format = (text('response_format') ?? 'json') as TranscriptFormat;
  if (!TRANSCRIPT_FORMATS.includes(format)) {
    throw GatewayError.invalidRequest(`${JSON.stringify(format)} is not a valid 'response_format'. Accepted values: ${TRANSCRIPT_FORMATS.join(', ')}.`, 'response_format');
  }
  const input: Record<string, unknown> = {};
  for (const [name, values] of form.fields) {
    // `timestamp_granularities[]`, `include[]` and `stream` shape OpenAI's own answer; the gateway renders its own.
    if (['model', 'response_format', 'stream', 'user', 'timestamp_granularities[]', 'include[]', 'chunking_strategy'].includes(name)) continue;
    input[name] = values[0];
  }
  return { request: { kind: 'transcription', model, input, files: { audio: { kind: 'inline', mediaType: audioType(file.mediaType, file.filename), data: file.data } } }, format };
}

function modelOf(value: unknown, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw GatewayError.invalidRequest(`'model' is required, e.g. '${example}'.`, 'model');
  return value.trim();
}

const AUDIO_TYPES: Record<string, string> = { mp3: 'audio/mpeg', mpga: 'audio/mpeg', mpeg: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', mp4: 'audio/mp4', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', webm: 'audio/webm', flac: 'audio/flac' };

/** SDKs upload as application/octet-stream when they cannot tell; the file name usually can. */
function audioType(declared: string, filename: string): string {
  if (declared.startsWith('audio/') || declared.startsWith('video/')) return declared;
  return AUDIO_TYPES[filename.toLowerCase().split('.').pop() ?? ''] ?? 'application/octet-stream';
}
