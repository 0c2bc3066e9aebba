/** One string value inside one frame's JSON, and where it sits. */
type Piece = { frame: number; holder: Record<string, unknown> | unknown[]; key: string | number; text: string };

/**
 * Redacts key-like strings that a stream split across events. A model echoing a key streams it
 * a few characters per delta (`" sk-"`, `"live"`, `"-012"` …), so no single frame holds it and a
 * pattern over the SSE text misses it. Here every `data:` JSON frame's string values are joined
 * per JSON path (`choices.0.delta.content`, `delta.text`, …) in frame order, `pattern` is searched
 * in each joined text, and a match is cut out of the pieces it spans: its first piece gets
 * `<prefix>[redacted]` (the pattern's first group), the rest lose their part of it. Frames that
 * changed are written again; all others stay byte for byte as they were.
 */
export function redactStreamedSecrets(sse: string, pattern: RegExp): string {
  const frames = sse.split(/(?<=\n\n)/);
  const parsed = new Map<number, { line: string; json: unknown }>();
  const byPath = new Map<string, Piece[]>();
  frames.forEach((frame, index) => {
    const line = /^data: ?(\{.*)$/m.exec(frame);
    if (!line) return;
    let json: unknown;
    try {
      json = JSON.parse(line[1]);
    } catch {
      return;
    }
    parsed.set(index, { line: line[0], json });
    collectStrings(json, '', (path, holder, key, text) => {
      let pieces = byPath.get(path);
      if (!pieces) byPath.set(path, (pieces = []));
      pieces.push({ frame: index, holder, key, text });
    });
  });

  const changed = new Set<number>();
  for (const pieces of byPath.values()) {
    if (pieces.length < 2) continue; // a whole string is redacted by the ordinary pass
    const joined = pieces.map((piece) => piece.text).join('');
    const matches = [...joined.matchAll(pattern)];
    if (matches.length === 0) continue;
    let offset = 0;
    const texts = pieces.map((piece) => {
      const start = offset;
      offset += piece.text.length;
      let text = '';
      for (let i = 0; i < piece.text.length; i++) {
        const at = start + i;
        const match = matches.find((m) => at >= m.index && at < m.index + m[0].length);
        if (!match) text += piece.text[i];
        else if (at === match.index) text += `${match[1] ?? ''}[redacted]`;
      }
      return text;
    });
    pieces.forEach((piece, i) => {
      if (texts[i] === piece.text) return;
      (piece.holder as Record<string | number, unknown>)[piece.key] = texts[i];
      changed.add(piece.frame);
    });
  }
  if (changed.size === 0) return sse;
  return frames
    .map((frame, index) => {
      const frameJson = changed.has(index) ? parsed.get(index) : undefined;
      return frameJson ? frame.replace(frameJson.line, () => `data: ${JSON.stringify(frameJson.json)}`) : frame;
    })
    .join('');
}

function collectStrings(value: unknown, path: string, visit: (path: string, holder: Record<string, unknown> | unknown[], key: string | number, text: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((inner, i) => (typeof inner === 'string' ? visit(`${path}.${i}`, value, i, inner) : collectStrings(inner, `${path}.${i}`, visit)));
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (typeof inner === 'string') visit(`${path}.${key}`, value as Record<string, unknown>, key, inner);
      else collectStrings(inner, `${path}.${key}`, visit);
    }
  }
}
