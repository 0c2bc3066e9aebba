/** Test support: SSE text split into its events, to compare what was sent with what was recorded. */

export type RawSseEvent = { event?: string; data: string };

/** SSE text as events, each data line kept verbatim (padding quirks stay visible); LF or CRLF. */
export function splitSse(text: string): RawSseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split(/\r?\n/);
      const event = lines.find((line) => line.startsWith('event:'))?.slice('event:'.length).trim();
      const data = lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).replace(/^ /, ''))
        .join('\n');
      return event === undefined ? { data } : { event, data };
    });
}

export type SseEvent = { event: string; data: Record<string, unknown> };

/** SSE text as `event:` names (`''` when absent) with parsed JSON `data:`, as OpenAI and Anthropic send it. */
export function parseSse(text: string): SseEvent[] {
  return splitSse(text).map(({ event, data }) => ({ event: event ?? '', data: JSON.parse(data) as Record<string, unknown> }));
}
