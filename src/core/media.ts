/**
 * The canonical model of a media request (images, speech, transcription, video, music):
 * what `/v1/images/*`, `/v1/audio/*` and the unified `POST /v1/run/{author}/{model}` parse
 * into, and what media adapters render for their providers. Text chat stays in request.ts.
 */

export type MediaKind = 'image' | 'speech' | 'transcription' | 'video' | 'music';

/** A file given to or produced by a model: inline bytes, or a URL the gateway or provider can fetch. */
export type MediaFile =
  | { kind: 'inline'; mediaType: string; data: Uint8Array }
  | { kind: 'url'; url: string; mediaType?: string };

/**
 * One media request. `input` holds the model's own parameters, validated against the
 * model's JSON schema from the catalog; the common ones are normalised to these names so
 * switching models keeps working: prompt, negative_prompt, size ("1024x1024"), aspect_ratio
 * ("16:9"), n, output_format ("png" | "jpeg" | "webp" | "mp3" | "wav" ...), seed, voice,
 * language, duration_seconds, image (first frame / edit source), mask, audio (to transcribe).
 */
export type MediaRequest = {
  kind: MediaKind;
  /** The model as the client named it (catalog id or provider/model). */
  model: string;
  input: Record<string, unknown>;
  /** Files referenced by `input` (image to edit, audio to transcribe), by input field name. */
  files?: Record<string, MediaFile>;
};

/** What a media model produced. */
export type MediaOutput = {
  files: MediaFile[];
  /** Transcription text, or a model's textual answer alongside its files. */
  text?: string;
  /** Extra structured output (segments with timestamps, revised prompt...). */
  data?: Record<string, unknown>;
  /** The quantities billing prices: images, megapixels, seconds of audio/video, characters. */
  units: MediaUnits;
};

export type MediaUnits = {
  images?: number;
  megapixels?: number;
  seconds?: number;
  characters?: number;
  /** Token-priced media models (gpt-image-1) report tokens too. */
  inputTokens?: number;
  outputTokens?: number;
  /** Of `inputTokens`, those that were images or audio (priced apart: gpt-image-1 edits, gpt-4o-transcribe). */
  inputImageTokens?: number;
  inputAudioTokens?: number;
  /** Of `outputTokens`, those that were images or audio (gpt-image-1, Gemini image, gpt-4o-mini-tts). */
  outputImageTokens?: number;
  outputAudioTokens?: number;
};

/** The state of a long-running media job (video, music), in the gateway's own terms. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';

/** The media type of each canonical `output_format`, for files whose provider names no type. */
export const MEDIA_TYPE_BY_FORMAT: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  pcm: 'audio/pcm',
  mp4: 'video/mp4',
};
