/**
 * Splits a streamed JSON array (`[{...}\n,\r\n{...}\n]`, Gemini `streamGenerateContent`
 * without `alt=sse`, see function-call-thought-signature.stream.json) into its top-level
 * elements as text, as soon as each one is complete. Chunk boundaries may fall anywhere.
 */
export async function* splitJsonArrayStream(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  const scan = function* (text: string): Generator<string> {
    let start = depth >= 2 ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') {
        depth++;
        if (depth === 2) start = i;
      } else if (c === '}' || c === ']') {
        depth--;
        if (depth === 1) {
          element += text.slice(start, i + 1);
          start = -1;
          yield element;
          element = '';
        }
      }
    }
    if (start !== -1) element += text.slice(start);
  };
  for await (const chunk of body) yield* scan(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  yield* scan(decoder.decode());
}
