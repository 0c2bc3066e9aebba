import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { decodeSse } from '../../streams/sse-decode.ts';
import { GeminiChunkTranslator, type GeminiChunk } from './gemini-chunk-translator.ts';
import { parseGeminiError } from './parse-gemini-error.ts';
import { splitJsonArrayStream } from './split-json-array-stream.ts';

/** Body text kept while no event has arrived, to read an error body sent without SSE framing. */
const maxUnframedBytes = 64 * 1024;

/**
 * A `streamGenerateContent?alt=sse` body into canonical events. Each `data:` line is one
 * whole response chunk (events end in CRLF CRLF on the real API, sse-stream-thoughts.har).
 * Google may answer an SSE request with a plain JSON error body under text/event-stream
 * (error-404-model-not-found-sse.har); if no event ever arrives, that body becomes the error.
 */
export async function* parseGeminiStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const translator = new GeminiChunkTranslator();
  let sawEvent = false;
  let unframed = '';
  const decoder = new TextDecoder();
  async function* keepHead(): AsyncGenerator<Uint8Array> {
    for await (const chunk of body) {
      if (!sawEvent && unframed.length < maxUnframedBytes) unframed += decoder.decode(chunk, { stream: true });
      yield chunk;
    }
  }
  for await (const message of decodeSse(keepHead())) {
    sawEvent = true;
    const data = message.data.trim();
    if (data === '' || data === '[DONE]') continue;
    let chunk: GeminiChunk;
    try {
      chunk = JSON.parse(data) as GeminiChunk;
    } catch {
      yield { type: 'error', error: new GatewayError({ status: 502, code: 'upstream_error', message: 'Gemini sent a stream event that is not JSON.' }) };
      return;
    }
    yield* translator.push(chunk);
  }
  if (!sawEvent && unframed.trim().startsWith('{')) {
    yield { type: 'error', error: parseGeminiError(0, {}, unframed) };
    return;
  }
  yield* translator.end();
}

/** A `streamGenerateContent` body without `alt=sse` (a JSON array streamed element by element). */
export async function* parseGeminiJsonArrayStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent> {
  const translator = new GeminiChunkTranslator();
  for await (const element of splitJsonArrayStream(body)) {
    let chunk: GeminiChunk;
    try {
      chunk = JSON.parse(element) as GeminiChunk;
    } catch {
      yield { type: 'error', error: new GatewayError({ status: 502, code: 'upstream_error', message: 'Gemini sent a stream element that is not JSON.' }) };
      return;
    }
    yield* translator.push(chunk);
  }
  yield* translator.end();
}
