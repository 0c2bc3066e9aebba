import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GatewayError } from '../../core/errors.ts';

/** One `application/vnd.amazon.eventstream` frame: string headers and raw payload. */
export type EventStreamFrame = { headers: Record<string, string>; body: Uint8Array };

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Prelude: total length (4 bytes), headers length (4), prelude CRC (4); the frame ends with a message CRC (4). */
const minimumFrameLength = 16;
const maximumFrameLength = 16 * 1024 * 1024;

const broken = (message: string): GatewayError => new GatewayError({ status: 502, code: 'upstream_error', message, provider: 'bedrock' });

/**
 * Decodes an event-stream body into frames. Chunk boundaries may fall anywhere (inside the
 * prelude too), so bytes are buffered until the prelude's total length has arrived; the codec
 * then checks both CRCs and parses the headers.
 */
export async function* decodeEventStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<EventStreamFrame> {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  const take = (): Uint8Array => {
    const joined = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingLength);
    pending = [joined];
    return joined;
  };
  for await (const chunk of body) {
    if (chunk.byteLength === 0) continue;
    pending.push(chunk);
    pendingLength += chunk.byteLength;
    while (pendingLength >= 4) {
      const bytes = take();
      const total = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
      if (total < minimumFrameLength || total > maximumFrameLength) throw broken(`Bedrock sent an event-stream frame of impossible length ${total}.`);
      if (pendingLength < total) break;
      let message;
      try {
        message = codec.decode(bytes.subarray(0, total));
      } catch (error) {
        throw broken(`Bedrock sent a corrupt event-stream frame (${(error as Error).message}).`);
      }
      const headers: Record<string, string> = {};
      for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
      yield { headers, body: message.body };
      const rest = bytes.subarray(total);
      pending = rest.byteLength > 0 ? [rest] : [];
      pendingLength = rest.byteLength;
    }
  }
  if (pendingLength > 0) throw broken('Bedrock event stream ended inside a frame.');
}
