import { readFileSync } from 'node:fs';

/**
 * Test support: the recorded provider traffic in `shared/fixtures/` (see SOURCES.md there),
 * which sits beside the repository as CI checks it out. Every name is relative to that folder
 * (`anthropic/stream-text.sse.txt`). HAR and vcrpy readers are in `har.ts` and `vcr-cassette.ts`,
 * byte splitting in `byte-splits.ts`, SSE splitting in `sse-events.ts`. Not used by production code.
 */

const fixturesRoot = new URL('../../../shared/fixtures/', import.meta.url);

export function fixtureUrl(name: string): URL {
  return new URL(name, fixturesRoot);
}

export function readFixtureText(name: string): string {
  return readFileSync(fixtureUrl(name), 'utf8');
}

export function readFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixtureUrl(name)));
}

export function readFixtureJson<T = unknown>(name: string): T {
  return JSON.parse(readFixtureText(name)) as T;
}

/** One request/response pair of a HAR or vcrpy recording; header names lower-cased, bodies as text. */
export type RecordedExchange = {
  url: string;
  requestHeaders: Record<string, string>;
  /** `''` when the request had no body. */
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
};

/** The non-blank lines of a `.chunks.txt` recording, verbatim: one JSON event payload each. */
export function readChunkLines(name: string): string[] {
  return readFixtureText(name)
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A `.chunks.txt` recording's events, parsed. */
export function readFixtureChunks<T = any>(name: string): T[] {
  return readChunkLines(name).map((line) => JSON.parse(line) as T);
}

/** How each provider frames an event payload on the wire, for re-wrapping `.chunks.txt` as SSE. */
export type SseFraming = 'openai' | 'anthropic' | 'gemini';

const framings = {
  // vercel/ai's OpenAI chunks came from `data: <json>` frames closed by `data: [DONE]`.
  openai: { named: false, separator: '\n\n', done: 'data: [DONE]\n\n' },
  // Anthropic names every event: `event: <type>` before its data line (fixtures/anthropic/stream-text.sse.txt).
  anthropic: { named: true, separator: '\n\n', done: '' },
  // Gemini frames with CRLF and sends no terminator (fixtures/gemini/sse-stream-thoughts.har).
  gemini: { named: false, separator: '\r\n\r\n', done: '' },
} satisfies Record<SseFraming, { named: boolean; separator: string; done: string }>;

/** A `.chunks.txt` recording re-framed as the SSE body the provider sent, as vercel/ai's own tests do. */
export function chunksAsSse(name: string, framing: SseFraming): string {
  const { named, separator, done } = framings[framing];
  const frames = readChunkLines(name).map((line) => {
    const event = named ? `event: ${(JSON.parse(line) as { type: string }).type}\n` : '';
    return `${event}data: ${line}${separator}`;
  });
  return frames.join('') + done;
}
