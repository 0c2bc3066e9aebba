/**
 * A finished stream's frames as one TEXT value: their lengths (UTF-16 code units, comma-separated),
 * a newline, then the frames back to back. Exact for any frame text, unlike splitting on blank
 * lines, and about a tenth of `JSON.stringify`'s cost on the writer thread (3.6 µs against 30 µs
 * for a 100-chunk stream), without escaping every quote of the JSON chunks inside (12 % fewer
 * characters for a 100-chunk chat stream in the WAL and the file). Rows written before hold a
 * JSON array, which starts with `[`.
 */
export function encodeFrames(frames: readonly string[]): string {
  let lengths = '';
  for (let i = 0; i < frames.length; i++) lengths += i === 0 ? String(frames[i].length) : `,${frames[i].length}`;
  return `${lengths}\n${frames.join('')}`;
}

export function decodeFrames(text: string): string[] {
  if (text.startsWith('[')) return JSON.parse(text) as string[];
  const header = text.indexOf('\n');
  if (header === 0) return [];
  const frames: string[] = [];
  let at = header + 1;
  for (const length of text.slice(0, header).split(',')) {
    const end = at + Number(length);
    frames.push(text.slice(at, end));
    at = end;
  }
  if (at !== text.length) throw new Error(`stored frames do not add up: ${at} of ${text.length} characters`);
  return frames;
}
