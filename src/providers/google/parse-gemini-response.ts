import { GatewayError } from '../../core/errors.ts';
import { foldEvents } from '../../core/collect-stream.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import { GeminiChunkTranslator, type GeminiChunk } from './gemini-chunk-translator.ts';

/**
 * A whole `generateContent` body into the canonical response. It goes through the same
 * translator as a stream (a whole response is one chunk), so both paths agree by design.
 */
export function parseGeminiResponse(body: unknown): CanonicalResponse {
  if (typeof body !== 'object' || body === null) {
    throw new GatewayError({ status: 502, code: 'upstream_error', message: 'Gemini returned a response body that is not a JSON object.' });
  }
  const translator = new GeminiChunkTranslator();
  return foldEvents([...translator.push(body as GeminiChunk), ...translator.end()]);
}

