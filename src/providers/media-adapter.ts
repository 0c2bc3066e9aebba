import { GatewayError } from '../core/errors.ts';
import type { MediaKind, MediaOutput, MediaRequest } from '../core/media.ts';
import type { HeaderMap, ProviderSettings, UpstreamRequest } from './provider-adapter.ts';

/**
 * An upstream call for a media model. Like `UpstreamRequest`, but the body may be bytes:
 * multipart uploads (OpenAI image edits, transcriptions) and raw audio (Deepgram).
 */
export type MediaUpstreamRequest = Omit<UpstreamRequest, 'body'> & { body?: string | Uint8Array };

/** A provider's complete answer, body read whole (images and audio are bounded files). */
export type MediaUpstreamResponse = {
  status: number;
  headers: HeaderMap;
  body: Uint8Array;
};

/**
 * One provider family's synchronous media API (images, speech, transcription), beside its chat
 * `ProviderAdapter`. Pure like it: builds request descriptions and parses bytes; sending is
 * the router's job. `request.input` arrives validated against the model's parameter schema and
 * normalised to the canonical names of `src/core/media.ts` (size, aspect_ratio, n,
 * output_format, seed, voice, language...); the adapter maps them to its provider's fields.
 */
export interface MediaAdapter {
  readonly family: string;
  /** What this adapter does for the model it was chosen for. */
  readonly kind: MediaKind;
  /** Throws GatewayError 400 (`unsupported_feature` / `invalid_request`) for what the provider cannot express. */
  buildRequest(request: MediaRequest, upstreamModel: string, settings: ProviderSettings): MediaUpstreamRequest | Promise<MediaUpstreamRequest>;
  /** A 2xx answer into files, text and billable units. Throws GatewayError 502 for a body it cannot read. */
  parseResponse(response: MediaUpstreamResponse, request: MediaRequest): MediaOutput;
  /** An upstream error response into a GatewayError keeping the upstream's status and message. */
  parseError(status: number, headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError;
}

/** A provider's media adapters by kind; `mediaAdapterFor` picks by the model's catalog kind. */
export type MediaAdapters = Partial<Record<MediaKind, MediaAdapter>>;

/** A 502 for a provider answer the gateway cannot read, naming the provider and what was wrong. */
export function malformedMediaResponse(provider: string, detail: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Provider '${provider}' sent a media response the gateway cannot read (${detail}).` });
}

/** The JSON body of a media response, or a 502 naming the provider. */
export function parseMediaJson(response: MediaUpstreamResponse, provider: string): Record<string, unknown> {
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(response.body));
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // fall through to the 502
  }
  throw malformedMediaResponse(provider, 'not a JSON object');
}

/** Base64 text into bytes (inline images in JSON answers). */
export function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** A finite non-negative number from a provider's JSON, else undefined. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
