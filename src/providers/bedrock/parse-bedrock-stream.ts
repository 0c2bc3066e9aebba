import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { randomId } from '../../core/ids.ts';
import type {
  BedrockContentBlockDeltaEvent,
  BedrockContentBlockStartEvent,
  BedrockStopReason,
  BedrockStreamEventMap,
  BedrockStreamEventType,
} from '../../wire/bedrock-converse.ts';
import { convertBedrockUsage } from './convert-bedrock-usage.ts';
import { decodeEventStream, type EventStreamFrame } from './decode-event-stream.ts';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.ts';
import { bedrockErrorToGatewayError } from './parse-bedrock-error.ts';
import { readBedrockStopSequence } from './read-bedrock-stop-sequence.ts';

/** A decoded ConverseStream item: an event payload by type, or an exception the stream carried. */
export type BedrockStreamItem =
  | { [K in BedrockStreamEventType]: { type: K; payload: BedrockStreamEventMap[K] } }[BedrockStreamEventType]
  | { type: 'exception'; exceptionType: string; message: string };

type OpenBlock = { kind: 'text' } | { kind: 'reasoning' } | { kind: 'tool'; toolIndex: number; arguments: string } | { kind: 'skip' };

const streamBroken = (message: string): GatewayError => new GatewayError({ status: 502, code: 'upstream_error', message, provider: 'bedrock' });

/**
 * ConverseStream items into canonical events. Blocks are tracked by `contentBlockIndex`; a block
 * without `contentBlockStart` (text, reasoning) takes its kind from its first delta. Bedrock
 * sends `messageStop` before `metadata` (the usage), so `finish` waits for the end of the body.
 */
export async function* translateBedrockEvents(items: AsyncIterable<BedrockStreamItem>, now: () => number = Date.now): AsyncGenerator<StreamEvent> {
  const blocks = new Map<number, OpenBlock>();
  let toolCount = 0;
  let started = false;
  let stop: { reason: BedrockStopReason; sequence?: string } | undefined;
  const start = (): StreamEvent[] => {
    if (started) return [];
    started = true;
    return [{ type: 'start', id: randomId('bedrock-'), model: '', created: Math.floor(now() / 1000) }];
  };

  for await (const item of items) {
    switch (item.type) {
      case 'messageStart':
        yield* start();
        break;
      case 'contentBlockStart': {
        yield* start();
        const block = openBlock(item.payload, toolCount);
        blocks.set(item.payload.contentBlockIndex, block);
        if (block.kind === 'tool') {
          toolCount++;
          const toolUse = item.payload.start.toolUse!;
          yield { type: 'tool_call_start', index: block.toolIndex, id: toolUse.toolUseId, name: toolUse.name };
        }
        break;
      }
      case 'contentBlockDelta': {
        yield* start();
        const { contentBlockIndex, delta } = item.payload;
        let block = blocks.get(contentBlockIndex);
        if (!block) {
          block = delta.reasoningContent ? { kind: 'reasoning' } : delta.text !== undefined ? { kind: 'text' } : { kind: 'skip' };
          blocks.set(contentBlockIndex, block);
        }
        yield* deltaEvents(block, delta);
        break;
      }
      case 'contentBlockStop': {
        const block = blocks.get(item.payload.contentBlockIndex);
        blocks.delete(item.payload.contentBlockIndex);
        // A call without arguments may stream no input at all; clients need valid JSON.
        if (block?.kind === 'tool' && block.arguments === '') yield { type: 'tool_call_delta', index: block.toolIndex, arguments: '{}' };
        break;
      }
      case 'messageStop': {
        const sequence = readBedrockStopSequence(item.payload.additionalModelResponseFields);
        stop = { reason: item.payload.stopReason, ...(sequence !== undefined ? { sequence } : {}) };
        break;
      }
      case 'metadata':
        if (item.payload.usage) yield { type: 'usage', usage: convertBedrockUsage(item.payload.usage) };
        break;
      case 'exception':
        yield { type: 'error', error: bedrockErrorToGatewayError(item.exceptionType, item.message, undefined, 'bedrock') };
        return;
    }
  }
  if (!stop) {
    yield { type: 'error', error: streamBroken(started ? 'Bedrock stream ended before messageStop.' : 'Bedrock stream ended before any message.') };
    return;
  }
  yield { type: 'finish', reason: mapBedrockStopReason(stop.reason), ...(stop.sequence !== undefined ? { stopSequence: stop.sequence } : {}) };
}

function openBlock(event: BedrockContentBlockStartEvent, toolIndex: number): OpenBlock {
  const toolUse = event.start?.toolUse;
  // Server-side tools (Nova code interpreter, `type: server_tool_use`) and their results run inside Bedrock
  // (converse-stream-server-tool-code-execution.eventstream.bin): not the client's to call.
  if (toolUse && toolUse.type !== 'server_tool_use') return { kind: 'tool', toolIndex, arguments: '' };
  return { kind: 'skip' };
}

function* deltaEvents(block: OpenBlock, delta: BedrockContentBlockDeltaEvent['delta']): Generator<StreamEvent> {
  if (block.kind === 'text') {
    // gpt-oss opens with an empty text block (converse-stream-reasoning-gpt-oss.eventstream.bin).
    if (delta.text) yield { type: 'text_delta', text: delta.text };
  } else if (block.kind === 'reasoning' && delta.reasoningContent) {
    const { text, signature, redactedContent } = delta.reasoningContent;
    if (text) yield { type: 'reasoning_delta', text };
    if (signature !== undefined) yield { type: 'reasoning_signature', signature };
    if (redactedContent !== undefined) yield { type: 'reasoning_redacted', data: redactedContent };
  } else if (block.kind === 'tool' && delta.toolUse?.input) {
    block.arguments += delta.toolUse.input;
    yield { type: 'tool_call_delta', index: block.toolIndex, arguments: delta.toolUse.input };
  }
}

const eventTypes = new Set<string>(['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);

function parsePayload(frame: EventStreamFrame): Record<string, unknown> {
  const text = new TextDecoder().decode(frame.body);
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    throw streamBroken('Bedrock sent a stream event that is not JSON.');
  }
}

/**
 * Event-stream frames as stream items: `:message-type` `event` by `:event-type` (the random `p`
 * padding field in each payload is ignored), `exception` by `:exception-type`, and the
 * protocol-level `error` with `:error-code`/`:error-message` headers. Unknown event types are skipped.
 */
export async function* framesToBedrockItems(frames: AsyncIterable<EventStreamFrame>): AsyncGenerator<BedrockStreamItem> {
  for await (const frame of frames) {
    const messageType = frame.headers[':message-type'];
    if (messageType === 'event') {
      const type = frame.headers[':event-type'];
      if (eventTypes.has(type)) yield { type, payload: parsePayload(frame) } as BedrockStreamItem;
    } else if (messageType === 'exception') {
      const payload = parsePayload(frame);
      const message = String(payload.message ?? payload.Message ?? 'Bedrock reported an error mid-stream.');
      yield { type: 'exception', exceptionType: frame.headers[':exception-type'] ?? 'internalServerException', message };
    } else if (messageType === 'error') {
      yield { type: 'exception', exceptionType: frame.headers[':error-code'] ?? 'internalServerException', message: frame.headers[':error-message'] ?? 'Bedrock stream error.' };
    }
  }
}

/** A ConverseStream response body (binary event stream) into canonical events, ending in one `finish` or `error`. */
export async function* parseBedrockStream(body: AsyncIterable<Uint8Array>, now: () => number = Date.now): AsyncGenerator<StreamEvent> {
  try {
    yield* translateBedrockEvents(framesToBedrockItems(decodeEventStream(body)), now);
  } catch (error) {
    if (error instanceof GatewayError) yield { type: 'error', error };
    else throw error;
  }
}
