/** The emulator's one token counter, shared by all three dialects so usage is predictable. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Each image in the prompt costs a flat amount, whatever its size. */
export const IMAGE_TOKENS = 10;

/** Splits text into the deltas a stream sends: 4 characters each (code points, so no surrogate pair is split). */
export function chunkText(text: string, size = 4): string[] {
  const chars = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks;
}
