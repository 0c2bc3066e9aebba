import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { decodeSse } from '../../streams/sse-decode.ts';
import { drainingOnReturn } from '../../streams/drain-in-background.ts';
import type {
  AnthropicContentBlockDelta,
  AnthropicResponseContentBlock,
  AnthropicStreamEvent,
  AnthropicUsage,
} from '../../wire/anthropic-messages.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { anthropicErrorToGatewayError, readAnthropicErrorDetail } from './parse-anthropic-error.ts';

/** What an open content block turns into; server tool blocks and unknown kinds are `skip`. */
type OpenBlock =
  | { kind: 'text' }
  | { kind: 'reasoning' }
  | { kind: 'tool'; toolIndex: number; arguments: string; startInput: unknown }
  | { kind: 'skip' };

const streamBroken = (message: string): GatewayError =>
  new GatewayError({ status: 502, code: 'upstream_error', message, provider: 'anthropic' });

/**
 * Anthropic stream events (already JSON-parsed) into canonical events. A small state machine:
 * open blocks by Anthropic index, a tool-call counter across blocks, usage accumulated raw
 * (message_delta carries cumulative totals that may include input and cache fields), and the
 * stop reason remembered from message_delta until message_stop.
 */
export async function* translateAnthropicEvents(
  events: AsyncIterable<AnthropicStreamEvent>,
  now: () => number = Date.now,
): AsyncGenerator<StreamEvent> {
  const blocks = new Map<number, OpenBlock>();
  let toolCount = 0;
  let usage: Partial<AnthropicUsage> = {};
  let stopReason: string | null = null;
  let stopSequence: string | null = null;
  let started = false;

  for await (const event of events) {
    switch (event.type) {
      case 'message_start': {
        started = true;
        const { message } = event;
        yield { type: 'start', id: message.id, model: message.model, created: Math.floor(now() / 1000) };
        usage = { ...message.usage };
        yield { type: 'usage', usage: convertAnthropicUsage(usage) };
        break;
      }
      case 'content_block_start': {
        const opened = openBlock(event.content_block, toolCount);
        blocks.set(event.index, opened.block);
        if (opened.block.kind === 'tool') toolCount++;
        yield* opened.events;
        break;
      }
      case 'content_block_delta': {
        const block = blocks.get(event.index);
        if (block) yield* deltaEvents(block, event.delta);
        break;
      }
      case 'content_block_stop': {
        const block = blocks.get(event.index);
        blocks.delete(event.index);
        // A call without arguments streams only `partial_json: ""` (stream-tool-use-no-args.chunks.txt);
        // clients need valid JSON, so the input from content_block_start stands in.
        if (block?.kind === 'tool' && block.arguments === '') {
          yield { type: 'tool_call_delta', index: block.toolIndex, arguments: JSON.stringify(block.startInput ?? {}) };
        }
        break;
      }
      case 'message_delta':
        for (const [key, value] of Object.entries(event.usage ?? {})) {
          if (value !== null && value !== undefined) (usage as Record<string, unknown>)[key] = value;
        }
        yield { type: 'usage', usage: convertAnthropicUsage(usage) };
        stopReason = event.delta?.stop_reason ?? stopReason;
        stopSequence = event.delta?.stop_sequence ?? stopSequence;
        break;
      case 'message_stop':
        yield { type: 'finish', reason: mapAnthropicStopReason(stopReason), ...(stopSequence ? { stopSequence } : {}) };
        return;
      case 'error': {
        const detail = readAnthropicErrorDetail(event) ?? { type: 'api_error', message: 'Anthropic reported an error mid-stream.' };
        yield { type: 'error', error: anthropicErrorToGatewayError(detail, undefined, 'anthropic') };
        return;
      }
      // `ping` and event types added later carry nothing we render.
    }
  }
  yield { type: 'error', error: streamBroken(started ? 'Anthropic stream ended before message_stop.' : 'Anthropic stream ended before any message.') };
}

function openBlock(block: AnthropicResponseContentBlock, toolIndex: number): { block: OpenBlock; events: StreamEvent[] } {
  switch (block.type) {
    case 'text': {
      const text = (block as { text?: string }).text;
      return { block: { kind: 'text' }, events: text ? [{ type: 'text_delta', text }] : [] };
    }
    case 'thinking': {
      const { thinking, signature } = block as { thinking?: string; signature?: string };
      const events: StreamEvent[] = [];
      if (thinking) events.push({ type: 'reasoning_delta', text: thinking });
      if (signature) events.push({ type: 'reasoning_signature', signature });
      return { block: { kind: 'reasoning' }, events };
    }
    case 'redacted_thinking':
      return { block: { kind: 'skip' }, events: [{ type: 'reasoning_redacted', data: (block as { data: string }).data }] };
    case 'tool_use': {
      const { id, name, input } = block as { id: string; name: string; input?: unknown };
      return {
        block: { kind: 'tool', toolIndex, arguments: '', startInput: input },
        events: [{ type: 'tool_call_start', index: toolIndex, id, name }],
      };
    }
    default:
      // server_tool_use and *_tool_result: run and answered inside Anthropic; their input deltas are ignored too.
      return { block: { kind: 'skip' }, events: [] };
  }
}

function* deltaEvents(block: OpenBlock, delta: AnthropicContentBlockDelta): Generator<StreamEvent> {
  if (block.kind === 'text' && delta.type === 'text_delta') {
    if (delta.text) yield { type: 'text_delta', text: delta.text };
  } else if (block.kind === 'reasoning' && delta.type === 'thinking_delta') {
    if (delta.thinking) yield { type: 'reasoning_delta', text: delta.thinking };
  } else if (block.kind === 'reasoning' && delta.type === 'signature_delta') {
    yield { type: 'reasoning_signature', signature: delta.signature };
  } else if (block.kind === 'tool' && delta.type === 'input_json_delta') {
    if (delta.partial_json) {
      block.arguments += delta.partial_json;
      yield { type: 'tool_call_delta', index: block.toolIndex, arguments: delta.partial_json };
    }
  }
}

async function* parseSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<AnthropicStreamEvent> {
  for await (const message of decodeSse(body)) {
    if (message.data === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(message.data);
    } catch {
      throw streamBroken('Anthropic sent a stream event that is not JSON.');
    }
    if (typeof event !== 'object' || event === null) continue;
    // The payload names its type; the SSE `event:` line is the fallback for a payload that does not.
    const typed = event as { type?: unknown };
    if (typeof typed.type !== 'string' && message.event) typed.type = message.event;
    yield event as AnthropicStreamEvent;
  }
}

/** An Anthropic SSE response body into canonical events, ending in exactly one `finish` or `error`. */
export async function* parseAnthropicStream(body: AsyncIterable<Uint8Array>, now: () => number = Date.now): AsyncGenerator<StreamEvent> {
  try {
    // The translation returns at message_stop; the body's end is then read, not destroyed.
    yield* translateAnthropicEvents(drainingOnReturn(parseSseEvents(body)[Symbol.asyncIterator]()), now);
  } catch (error) {
    if (error instanceof GatewayError) yield { type: 'error', error };
    else throw error;
  }
}
