/**
 * Test support: the YAML subset PyYAML writes for the vcrpy cassettes (`.vcr.yaml`) in shared/fixtures.
 * Enough for those files, not a YAML library: block mappings and sequences; plain, quoted
 * (multi-line, folded) and block (`|`, `|-`, `|2-`) scalars; `!!binary |` bodies; `{}` and `[]`.
 * A well-kept YAML package would replace this if one were ever added as a dev dependency.
 */

type Cursor = { lines: string[]; i: number };

const indentOf = (line: string): number => /^ */.exec(line)![0].length;
const isBlank = (line: string): boolean => line.trim() === '';

/** The document as plain values; `!!binary` scalars become Uint8Array. */
export function parseYaml(text: string): unknown {
  const lines = text.split('\n');
  // `...` ends the document (PyYAML writes it after a top-level plain scalar, e.g. fixtures/groq/stream-error-tool-use-failed.vcr.yaml).
  const end = lines.indexOf('...');
  const cursor: Cursor = { lines: end === -1 ? lines : lines.slice(0, end), i: 0 };
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
      // A plain scalar item continues on lines indented past the dash (long Set-Cookie values).
      items.push(parseValue(cursor, rest, indent));
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
    if (nextIndent === indent && next.slice(indent).startsWith('- ')) return parseNode(cursor, nextIndent);
    if (nextIndent <= indent) return null;
    const nested = next.slice(nextIndent);
    if (nested === '-' || nested.startsWith('- ') || /^[^'"][^:]*:( |$)/.test(nested)) return parseNode(cursor, nextIndent);
    // A plain scalar starting on the next line (pydantic-ai's long `parsed_body` texts, e.g.
    // fixtures/gemini/vision-file-data-image-url.vcr.yaml).
    return parseValue(cursor, next.trim(), indent);
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

/**
 * Flow-scalar folding: a line break is a space, an empty line a newline; `\`-ended lines join in
 * double quotes. The closing quote's own line is content even when blank, so empty lines before it
 * stay newlines (an SSE body's final `\n\n`, fixtures/anthropic/stream-text-ratelimit-headers.vcr.yaml).
 */
function fold(raw: string, escapes = false): string {
  const lines = raw.split('\n');
  let out = lines[0];
  let breaks = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' && i < lines.length - 1) {
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
