import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Test support: reads the recorded provider traffic in `shared/fixtures/` (see SOURCES.md there).
 * Only the few YAML forms vcrpy writes for the cassettes we use are understood: single-quoted
 * folded scalars and `!!binary |` blocks (gzip bodies). Not used by production code.
 */

const fixturesRoot = new URL('../../../../../shared/fixtures/', import.meta.url);

export function fixturePath(name: string): URL {
  return new URL(name, fixturesRoot);
}

export function readFixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function readFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFixtureText(name));
}

export type RecordedExchange = {
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
};

type HarHeader = { name: string; value: string };
type HarEntry = {
  request: { url: string; headers: HarHeader[]; postData?: { text?: string } };
  response: { status: number; headers: HarHeader[]; content: { text?: string } };
};

const headerMap = (headers: HarHeader[]): Record<string, string> =>
  Object.fromEntries(headers.map((header) => [header.name.toLowerCase(), header.value]));

/** Every request/response pair of a Polly.js HAR recording. */
export function readHarExchanges(name: string): RecordedExchange[] {
  const har = readFixtureJson(name) as { log: { entries: HarEntry[] } };
  return har.log.entries.map((entry) => ({
    url: entry.request.url,
    requestHeaders: headerMap(entry.request.headers),
    requestBody: entry.request.postData?.text ?? '',
    status: entry.response.status,
    responseHeaders: headerMap(entry.response.headers),
    responseBody: entry.response.content.text ?? '',
  }));
}

/** YAML single-quoted scalar folding: a line break becomes a space, an empty line a newline. */
function foldSingleQuoted(raw: string): string {
  const lines = raw.replaceAll("''", "'").split('\n');
  let out = lines[0].trimEnd();
  let breaks = 0;
  for (const line of lines.slice(1)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      breaks++;
      continue;
    }
    out += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    out += trimmed;
    breaks = 0;
  }
  return out;
}

/** YAML double-quoted scalar: folding as single-quoted, a trailing `\\` joins lines, then escapes. */
function unescapeDoubleQuoted(raw: string): string {
  const lines = raw.split('\n');
  let out = lines[0].trimEnd();
  let breaks = 0;
  for (const line of lines.slice(1)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      breaks++;
      continue;
    }
    if (out.endsWith('\\') && !out.endsWith('\\\\')) out = out.slice(0, -1);
    else out += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    out += line.trimStart();
    breaks = 0;
  }
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', ' ': ' ', '0': '\0' };
  return out.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) =>
    escape.length > 1 ? String.fromCodePoint(parseInt(escape.slice(1), 16)) : (simple[escape] ?? escape),
  );
}

/** Reads the scalar that starts right after `key: ` at `from` in a vcrpy cassette. */
function readScalar(text: string, from: number): { value: string; end: number } {
  if (text.startsWith("'", from)) {
    let index = from + 1;
    for (;;) {
      const quote = text.indexOf("'", index);
      if (text[quote + 1] === "'") index = quote + 2;
      else return { value: foldSingleQuoted(text.slice(from + 1, quote)), end: quote + 1 };
    }
  }
  if (text.startsWith('"', from)) {
    let index = from + 1;
    while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    return { value: unescapeDoubleQuoted(text.slice(from + 1, index)), end: index + 1 };
  }
  if (text.startsWith('!!binary |', from)) {
    const lines: string[] = [];
    let index = text.indexOf('\n', from) + 1;
    const indent = /^ */.exec(text.slice(index))![0].length;
    while (index < text.length) {
      const next = text.indexOf('\n', index);
      const line = text.slice(index, next === -1 ? text.length : next);
      if (line.trim() !== '' && /^ */.exec(line)![0].length < indent) break;
      lines.push(line.trim());
      index = next === -1 ? text.length : next + 1;
    }
    let bytes: Buffer = Buffer.from(lines.join(''), 'base64');
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    return { value: bytes.toString('utf8'), end: index };
  }
  throw new Error(`unsupported YAML scalar at ${from}: ${text.slice(from, from + 20)}`);
}

/** Request and response bodies, status and (lower-cased) response headers of a vcrpy cassette. */
export function readVcrExchanges(name: string): Array<Pick<RecordedExchange, 'requestBody' | 'responseBody' | 'status'>> {
  const text = readFixtureText(name);
  return text
    .split(/^- request:\n/m)
    .slice(1)
    .map((interaction) => {
      const requestAt = interaction.indexOf('    body: ') + '    body: '.length;
      const responseAt = interaction.indexOf('      string: ') + '      string: '.length;
      const status = /^    status:\n      code: (\d+)/m.exec(interaction);
      return {
        requestBody: readScalar(interaction, requestAt).value,
        responseBody: readScalar(interaction, responseAt).value,
        status: Number(status?.[1]),
      };
    });
}

/** `.chunks.txt` lines re-wrapped as the SSE Anthropic sends (`event: <type>` + `data: <line>`). */
export function chunksToSse(name: string): string {
  return readFixtureText(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
    .join('');
}

/** Bytes as a stream cut at the given offsets, to exercise chunk boundaries. */
export async function* splitBytes(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield bytes.slice(start, cut);
    start = cut;
  }
  yield bytes.slice(start);
}

/** A seeded pseudo-random sequence (mulberry32), so a failing split can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
