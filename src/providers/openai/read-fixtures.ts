/**
 * Test support: recorded provider traffic from `shared/fixtures/` (beside the repository)
 * as the bytes an adapter would receive. Used by tests only.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

const fixturesRoot = new URL('../../../../shared/fixtures/', import.meta.url);

export function readFixture(path: string): string {
  return readFileSync(new URL(path, fixturesRoot), 'utf8');
}

export function readJsonFixture(path: string): unknown {
  return JSON.parse(readFixture(path));
}

/** A vercel/ai `.chunks.txt` recording re-framed as the SSE body it came from, as vercel/ai's own tests do. */
export function chunksAsSse(path: string): string {
  const lines = readFixture(path).split('\n').filter((line) => line.trim() !== '');
  return lines.map((line) => `data: ${line}\n\n`).join('') + 'data: [DONE]\n\n';
}

export type HarExchange = { requestBody: unknown; status: number; headers: Record<string, string>; responseText: string };

/** The exchanges of a Polly.js HAR recording, headers lower-cased. */
export function readHar(path: string): HarExchange[] {
  const har = JSON.parse(readFixture(path)) as {
    log: { entries: Array<{ request: { postData?: { text: string } }; response: { status: number; headers: Array<{ name: string; value: string }>; content: { text: string } } }> };
  };
  return har.log.entries.map((entry) => ({
    requestBody: entry.request.postData ? JSON.parse(entry.request.postData.text) : undefined,
    status: entry.response.status,
    headers: Object.fromEntries(entry.response.headers.map((h) => [h.name.toLowerCase(), h.value])),
    responseText: entry.response.content.text,
  }));
}

/** The first gzip `!!binary` response body of a vcrpy cassette, decoded. */
export function readVcrGzipBody(path: string): string {
  const match = /string: !!binary \|\n((?:\s+[A-Za-z0-9+/=]+\n)+)/.exec(readFixture(path));
  if (!match) throw new Error(`no !!binary body in ${path}`);
  return gunzipSync(Buffer.from(match[1].replace(/\s+/g, ''), 'base64')).toString('utf8');
}

/** Text as a byte stream cut every `size` bytes, so chunk boundaries fall mid-event and mid-character. */
export async function* bytesOf(text: string, size = 97): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}
