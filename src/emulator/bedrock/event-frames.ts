import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const stringHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { type: 'string' as const, value }]));

/**
 * Bedrock pads every payload with a `p` field of a prefix of this alphabet, its length varying
 * from frame to frame so sizes leak nothing (fixtures/bedrock/*.eventstream.bin). Here the
 * length follows the payload so output stays deterministic.
 */
function padding(json: string): string {
  return alphabet.slice(0, 1 + (json.length * 7) % (alphabet.length - 1));
}

/** One ConverseStream event as a binary frame with the headers Bedrock sends, padded like Bedrock pads. */
export function eventFrame(type: string, payload: Record<string, unknown>): Uint8Array {
  const json = JSON.stringify(payload);
  return codec.encode({
    headers: stringHeaders({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }),
    body: fromUtf8(JSON.stringify({ ...payload, p: padding(json) })),
  });
}

/** A mid-stream exception frame (`:message-type: exception`). */
export function exceptionFrame(type: string, message: string): Uint8Array {
  return codec.encode({
    headers: stringHeaders({ ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' }),
    body: fromUtf8(JSON.stringify({ message })),
  });
}
