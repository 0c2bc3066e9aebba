import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import type { AnthropicStreamEvent } from '../../wire/anthropic-messages.ts';
import { translateAnthropicEvents } from '../anthropic/parse-anthropic-stream.ts';
import { decodeEventStream, type EventStreamFrame } from './decode-event-stream.ts';
import { bedrockErrorToGatewayError } from './parse-bedrock-error.ts';

const streamBroken = (message: string): GatewayError => new GatewayError({ status: 502, code: 'upstream_error', message, provider: 'bedrock' });

function readJson(bytes: Uint8Array, what: string): Record<string, unknown> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw streamBroken(`Bedrock sent ${what} that is not a JSON object.`);
}

/**
 * InvokeModelWithResponseStream frames as the Anthropic stream events they carry. Each `chunk`
 * event's payload is `{"bytes": "<base64 of one Anthropic event JSON>"}` (PayloadPart, plus
 * Bedrock's random `p` padding); the last one, `message_stop`, also holds
 * `amazon-bedrock-invocationMetrics`, which the usage already in the events makes redundant.
 * An `exception` frame (throttlingException, modelStreamErrorException...) or a protocol
 * `error` frame is thrown as the GatewayError it means.
 */
export async function* framesToAnthropicEvents(frames: AsyncIterable<EventStreamFrame>): AsyncGenerator<AnthropicStreamEvent> {
  for await (const frame of frames) {
    const messageType = frame.headers[':message-type'];
    if (messageType === 'event') {
      if (frame.headers[':event-type'] !== 'chunk') continue;
      const { bytes } = readJson(frame.body, 'a stream chunk');
      if (typeof bytes !== 'string') throw streamBroken('Bedrock sent a stream chunk without bytes.');
      const event = readJson(Buffer.from(bytes, 'base64'), 'a stream event');
      if (typeof event.type === 'string') yield event as AnthropicStreamEvent;
    } else if (messageType === 'exception') {
      const payload = readJson(frame.body, 'a stream exception');
      const message = String(payload.message ?? payload.Message ?? 'Bedrock reported an error mid-stream.');
      throw bedrockErrorToGatewayError(frame.headers[':exception-type'] ?? 'internalServerException', message, undefined, 'bedrock');
    } else if (messageType === 'error') {
      throw bedrockErrorToGatewayError(frame.headers[':error-code'] ?? 'internalServerException', frame.headers[':error-message'] ?? 'Bedrock stream error.', undefined, 'bedrock');
    }
  }
}

/**
 * An InvokeModelWithResponseStream body (binary event stream of Anthropic events) into
 * canonical events through the Anthropic stream translator, ending in one `finish` or `error`.
 */
export async function* parseBedrockInvokeStream(body: AsyncIterable<Uint8Array>, now: () => number = Date.now): AsyncGenerator<StreamEvent> {
  try {
    yield* translateAnthropicEvents(framesToAnthropicEvents(decodeEventStream(body)), now);
  } catch (error) {
    if (error instanceof GatewayError) yield { type: 'error', error };
    else throw error;
  }
}
