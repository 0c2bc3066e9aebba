/**
 * Splits an SSE byte stream into complete frames: each yielded string is one event block
 * (`event:`/`data:`/comment lines) including its terminating blank line, exactly as sent.
 * Frames end at a blank line in any of SSE's line-ending styles (LF, CRLF, CR). Frames with
 * nothing but blank lines are dropped; a last frame without its blank line gets one.
 */
export async function* splitSseFrames(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of body) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let end: number;
    // Stray blank lines between frames belong to no frame (they would end an `id:` line we prepend).
    pending = pending.replace(leadingBreaks, '');
    while ((end = frameEnd(pending)) >= 0) {
      const frame = pending.slice(0, end);
      pending = pending.slice(end).replace(leadingBreaks, '');
      yield frame;
    }
  }
  pending += decoder.decode();
  if (!hasContent(pending)) return;
  const match = blankLine.exec(pending);
  if (match && match.index + match[0].length === pending.length) yield pending;
  else yield pending.endsWith('\n') ? `${pending}\n` : `${pending}\n\n`;
}

const leadingBreaks = /^(\r\n|\r|\n)+/;
const blankLine = /(\r\n|\r(?!\n)|\n)(\r\n|\r(?!\n)|\n)/;

/** The index just past the first blank line, or -1 while the frame is still incomplete. */
function frameEnd(text: string): number {
  const match = blankLine.exec(text);
  if (!match) return -1;
  const end = match.index + match[0].length;
  // A CR at the very end may be the first half of a CRLF still in flight.
  if (end === text.length && text.endsWith('\r')) return -1;
  return end;
}

function hasContent(frame: string): boolean {
  return /[^\r\n]/.test(frame);
}
