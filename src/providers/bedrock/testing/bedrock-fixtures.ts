import { readFileSync } from 'node:fs';

/** Test-only access to fixtures/bedrock: raw bytes, decoded chunk lines and vcrpy cassettes. */
const fixturesDir = new URL('../../../../../shared/fixtures/bedrock/', import.meta.url);

export function readFixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, fixturesDir)));
}

export function readFixtureText(name: string): string {
  return readFileSync(new URL(name, fixturesDir), 'utf8');
}

export function readFixtureJson(name: string): unknown {
  return JSON.parse(readFixtureText(name));
}

/** One recorded exchange of a pydantic-ai cassette. */
export type BedrockInteraction = {
  uri: string;
  /** The request body as sent (JSON text). */
  requestBody: string;
  status: number;
  /** `parsed_body` as an object, or the raw `!!binary` body (event streams). */
  response: unknown;
};

export function readCassette(name: string): BedrockInteraction[] {
  const root = parseYaml(readFixtureText(name)) as { interactions: Array<Record<string, any>> };
  return root.interactions.map((interaction) => ({
    uri: interaction.request.uri,
    requestBody: interaction.request.body,
    status: interaction.response.status.code,
    response: interaction.response.parsed_body ?? interaction.response.body?.string,
  }));
}

/** Bytes as a stream cut at the given offsets, to exercise frame boundaries. */
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

// ---------------------------------------------------------------- the YAML subset vcrpy writes

type Cursor = { lines: string[]; i: number };

const indentOf = (line: string): number => /^ */.exec(line)![0].length;
const isBlank = (line: string): boolean => line.trim() === '';

/**
 * Parses the YAML subset PyYAML emits for cassettes: block mappings and sequences, plain,
 * quoted (multi-line, folded) and block (`|`, `|-`, `|2-`) scalars, `!!binary |` bodies, `{}`.
 */
export function parseYaml(text: string): unknown {
  const cursor: Cursor = { lines: text.split('\n'), i: 0 };
  skipBlank(cursor);
  return parseNode(cursor, indentOf(cursor.lines[cursor.i]));
}

function skipBlank(cursor: Cursor): void {
  while (cursor.i < cursor.lines.length && isBlank(cursor.lines[cursor.i])) cursor.i++;
}

function parseNode(cursor: Cursor, indent: number): unknown {
  skipBlank(cursor);
  const line = cursor.lines[cursor.i];
  if (line.slice(indent).startsWith('- ') || line.slice(indent) === '-') return parseSequence(cursor, indent);
  return parseMapping(cursor, indent);
}

function parseSequence(cursor: Cursor, indent: number): unknown[] {
  const items: unknown[] = [];
  for (skipBlank(cursor); cursor.i < cursor.lines.length; skipBlank(cursor)) {
    const line = cursor.lines[cursor.i];
    if (indentOf(line) !== indent || !line.slice(indent).startsWith('-')) break;
    const rest = line.slice(indent + 2);
    if (/^[^'"{][^:]*:( |$)/.test(rest)) {
      // `- key: value`: a mapping whose first entry shares the dash's line.
      cursor.lines[cursor.i] = ' '.repeat(indent + 2) + rest;
      items.push(parseMapping(cursor, indent + 2));
    } else {
      items.push(parseValue(cursor, rest, indent + 2));
    }
  }
  return items;
}

function parseMapping(cursor: Cursor, indent: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (skipBlank(cursor); cursor.i < cursor.lines.length; skipBlank(cursor)) {
    const line = cursor.lines[cursor.i];
    if (indentOf(line) !== indent || line.slice(indent).startsWith('- ')) break;
    const match = /^([^:]+):(?: (.*))?$/.exec(line.slice(indent));
    if (!match) throw new Error(`unsupported YAML line ${cursor.i + 1}: ${line}`);
    map[match[1]] = parseValue(cursor, match[2] ?? '', indent);
  }
  return map;
}

/** The value after `key:` (or `- `) on the current line; consumes every line it spans. */
function parseValue(cursor: Cursor, rest: string, indent: number): unknown {
  const { lines } = cursor;
  const start = cursor.i;
  if (rest === '') {
    cursor.i++;
    skipBlank(cursor);
    const next = lines[cursor.i] ?? '';
    const nextIndent = indentOf(next);
    if (nextIndent > indent || (nextIndent === indent && next.slice(indent).startsWith('- '))) return parseNode(cursor, nextIndent);
    return null;
  }
  if (rest.startsWith("'") || rest.startsWith('"')) {
    const quote = rest[0];
    let raw = rest.slice(1);
    let row = start;
    for (;;) {
      const end = closingQuote(raw, quote);
      if (end >= 0) {
        cursor.i = row + 1;
        return quote === "'" ? fold(raw.slice(0, end)).replaceAll("''", "'") : unescape(fold(raw.slice(0, end), true));
      }
      row++;
      raw += '\n' + lines[row];
    }
  }
  if (rest.startsWith('!!binary |') || /^\|[0-9]?[-+]?$/.test(rest)) {
    const block: string[] = [];
    cursor.i++;
    const explicit = /\|([0-9])/.exec(rest)?.[1];
    let blockIndent = explicit ? indent + Number(explicit) : -1;
    for (; cursor.i < lines.length; cursor.i++) {
      const line = lines[cursor.i];
      if (isBlank(line)) {
        block.push('');
        continue;
      }
      if (blockIndent < 0) blockIndent = indentOf(line);
      if (indentOf(line) < blockIndent) break;
      block.push(line.slice(blockIndent));
    }
    while (block.length > 0 && block[block.length - 1] === '') block.pop();
    if (rest.startsWith('!!binary')) return new Uint8Array(Buffer.from(block.join(''), 'base64'));
    return block.join('\n') + (rest.endsWith('-') ? '' : '\n');
  }
  // A plain scalar, possibly continued on more-indented lines.
  let text = rest;
  cursor.i++;
  while (cursor.i < lines.length && !isBlank(lines[cursor.i]) && indentOf(lines[cursor.i]) > indent && !/^\s*- /.test(lines[cursor.i])) {
    text += ' ' + lines[cursor.i].trim();
    cursor.i++;
  }
  return plainScalar(text.trim());
}

function closingQuote(raw: string, quote: string): number {
  for (let i = 0; i < raw.length; i++) {
    if (quote === '"' && raw[i] === '\\') i++;
    else if (raw[i] === quote) {
      if (quote === "'" && raw[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** Flow-scalar folding: a line break is a space, an empty line a newline; `\`-ended lines join in double quotes. */
function fold(raw: string, escapes = false): string {
  const lines = raw.split('\n');
  let out = lines[0];
  let breaks = 0;
  for (const line of lines.slice(1)) {
    if (line.trim() === '') {
      breaks++;
      continue;
    }
    if (escapes && out.endsWith('\\') && !out.endsWith('\\\\')) out = out.slice(0, -1) + line.trimStart();
    else out = out.trimEnd() + (breaks > 0 ? '\n'.repeat(breaks) : ' ') + line.trimStart();
    breaks = 0;
  }
  return out;
}

function unescape(text: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', ' ': ' ', '0': '\0' };
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) =>
    escape.length > 1 ? String.fromCodePoint(parseInt(escape.slice(1), 16)) : (simple[escape] ?? escape),
  );
}

function plainScalar(text: string): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text === 'null' || text === '~') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d+\.\d+$/.test(text)) return Number(text);
  return text;
}
