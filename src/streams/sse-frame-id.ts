/**
 * Numbers a complete SSE frame: `id: <seq>` first, replacing any `id:` line the frame had, so
 * a client's Last-Event-ID is always the gateway's sequence number. SDKs ignore `id:` lines
 * (openai and @anthropic-ai/sdk only read `event:` and `data:`), so numbering is invisible to them.
 */
export function withEventId(frame: string, seq: number): string {
  const body = /^id(:|\r|\n)/m.test(frame) ? frame.replace(/^id(:[^\r\n]*)?(\r\n|\r|\n)/gm, '') : frame;
  return `id: ${seq}\n${body}`;
}

/** The value of a frame's last `id:` line, or undefined when it has none. */
export function readEventId(frame: string): string | undefined {
  let id: string | undefined;
  for (const line of frame.split(/\r\n|\r|\n/)) {
    if (line === 'id') id = '';
    else if (line.startsWith('id:')) id = line.slice(line.startsWith('id: ') ? 4 : 3);
  }
  return id;
}

/** Whether the frame says the stream is over in one of the formats the gateway serves. */
export function isFinalFrame(frame: string): boolean {
  for (const line of frame.split(/\r\n|\r|\n/)) {
    const value = line.replace(/^(event|data): ?/, '');
    if (line.startsWith('data:') && value === '[DONE]') return true; // OpenAI chat
    if (line.startsWith('event:') && finalEvents.has(value)) return true; // Anthropic, OpenAI Responses
  }
  return false;
}

const finalEvents = new Set(['message_stop', 'response.completed', 'response.failed', 'response.incomplete']);
