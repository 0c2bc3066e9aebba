import { readFileSync } from 'node:fs';

/**
 * Reads the recorded provider traffic in `shared/fixtures/` (see its SOURCES.md) for the
 * emulator's fidelity tests. The repository and `shared/` sit side by side.
 */
const root = new URL('../../../shared/fixtures/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, root), 'utf8');
}

export function fixtureJson(name: string): any {
  return JSON.parse(fixtureText(name));
}

/** `.chunks.txt`: one JSON event per line. */
export function fixtureChunks(name: string): any[] {
  return fixtureText(name).split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
}

export type HarExchange = { url: string; requestBody: any; status: number; headers: Record<string, string>; body: string };

/** The exchanges of a Polly.js `.har` recording, response headers lower-cased. */
export function harExchanges(name: string): HarExchange[] {
  const har = fixtureJson(name);
  return har.log.entries.map((entry: any) => ({
    url: entry.request.url,
    requestBody: entry.request.postData?.text ? JSON.parse(entry.request.postData.text) : undefined,
    status: entry.response.status,
    headers: Object.fromEntries(entry.response.headers.map((h: { name: string; value: string }) => [h.name.toLowerCase(), h.value])),
    body: entry.response.content.text ?? '',
  }));
}

export type RawSseEvent = { event?: string; data: string };

/** Splits SSE text into events, keeping each data line verbatim (to see padding quirks); accepts LF or CRLF. */
export function splitSse(text: string): RawSseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
      const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, '')).join('\n');
      return event === undefined ? { data } : { event, data };
    });
}

/** Consecutive repeats collapsed: the grammar of an event sequence (`delta+` becomes one `delta`). */
export function collapseRuns(items: string[]): string[] {
  return items.filter((item, i) => item !== items[i - 1]);
}
