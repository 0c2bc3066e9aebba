import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseMessage = { event?: string; data: string; id?: string };

/**
 * Decodes an SSE byte stream into messages. Chunk boundaries may fall anywhere, including
 * inside a UTF-8 character or an event; the streaming TextDecoder and the parser carry the
 * partial state across chunks.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let pending: SseMessage[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      pending.push({ event: message.event, data: message.data, id: message.id });
    },
  });
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (pending.length > 0) {
      const ready = pending;
      pending = [];
      yield* ready;
    }
  }
  const tail = decoder.decode();
  if (tail) parser.feed(tail);
  // A final event without its blank line is still delivered, as browsers' EventSource does not, but providers rely on.
  parser.feed('\n\n');
  yield* pending;
}
