/**
 * Test support: reads the recorded Gemini traffic in shared/fixtures/gemini (see SOURCES.md
 * there). Not used by the adapter itself.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const fixtureUrl = (name: string): URL => new URL(`../../../../shared/fixtures/gemini/${name}`, import.meta.url);
export const readFixture = (name: string): string => readFileSync(fixtureUrl(name), 'utf8');
export const readFixtureJson = <T = unknown>(name: string): T => JSON.parse(readFixture(name)) as T;

/** A `.chunks.txt` recording re-framed as the real API frames it: `data: <json>\r\n\r\n`. */
export function sseFromChunks(name: string): string {
  return readFixture(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `data: ${line}\r\n\r\n`)
    .join('');
}

export type RecordedExchange = {
  url: string;
  requestBody: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
};

type Har = {
  log: {
    entries: Array<{
      request: { url: string; postData?: { text: string } };
      response: { status: number; headers: Array<{ name: string; value: string }>; content: { text?: string } };
    }>;
  };
};

export function readHar(name: string): RecordedExchange[] {
  return readFixtureJson<Har>(name).log.entries.map(({ request, response }) => ({
    url: request.url,
    requestBody: request.postData?.text ?? '',
    status: response.status,
    responseHeaders: Object.fromEntries(response.headers.map((h) => [h.name.toLowerCase(), h.value])),
    responseBody: response.content.text ?? '',
  }));
}

/**
 * The interactions of a vcrpy cassette whose bodies are YAML single-quoted strings (requests)
 * and base64 `!!binary` blocks, gunzipped when gzip (responses). Just enough YAML for these
 * files; pydantic-ai's `parsed_body` cassettes are not read by it.
 */
export function readVcr(name: string): RecordedExchange[] {
  const lines = readFixture(name).split('\n');
  const exchanges: RecordedExchange[] = [];
  let current: RecordedExchange | undefined;
  let inResponse = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*- request:\s*$/.test(line)) {
      current = { url: '', requestBody: '', status: 0, responseHeaders: {}, responseBody: '' };
      exchanges.push(current);
      inResponse = false;
      continue;
    }
    if (!current) continue;
    if (/^\s*response:\s*$/.test(line)) inResponse = true;
    const uri = /^\s*uri:\s*(\S+)/.exec(line);
    if (uri) current.url = uri[1];
    const code = /^\s*code:\s*(\d+)/.exec(line);
    if (code && inResponse) current.status = Number(code[1]);
    const quoted = /^(\s*)(?:body|string):\s*'(.*)$/.exec(line);
    if (quoted) {
      let raw = quoted[2];
      while (!/(^|[^'])('')*'$/.test(raw) || raw === '') raw += '\n' + lines[++i];
      const text = foldSingleQuoted(raw.slice(0, -1));
      if (inResponse) current.responseBody = text;
      else current.requestBody = text;
      continue;
    }
    if (/^\s*string:\s*!!binary\s*\|\s*$/.test(line)) {
      let base64 = '';
      while (i + 1 < lines.length && /^\s+[A-Za-z0-9+/=]+\s*$/.test(lines[i + 1])) base64 += lines[++i].trim();
      const bytes = Buffer.from(base64, 'base64');
      current.responseBody = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    }
  }
  return exchanges;
}

/** YAML single-quoted flow scalar: line breaks fold to spaces (blank lines to \n), '' is '. */
function foldSingleQuoted(raw: string): string {
  const parts = raw.split('\n').map((part, index) => (index === 0 ? part.trimEnd() : part.trim()));
  let text = parts[0];
  for (let k = 1; k < parts.length; k++) text += parts[k] === '' ? '\n' : (text.endsWith('\n') ? '' : ' ') + parts[k];
  return text.replaceAll("''", "'");
}

/** Bytes delivered in pieces cut at pseudo-random offsets (seeded, so failures reproduce). */
export async function* splitAtRandom(text: string, seed: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let state = seed;
  let offset = 0;
  while (offset < bytes.length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % 64);
    yield bytes.slice(offset, offset + size);
    offset += size;
  }
}

export async function* whole(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}
