import { GatewayError, toGatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { emptyUsage, mergeUsage, type Usage } from '../../core/usage.ts';
import type { AnthropicStreamEvent } from '../../wire/anthropic-messages.ts';
import { encodeSse } from '../../streams/sse-encode.ts';
import type { RenderOptions } from '../inbound-format.ts';
import { anthropicErrorType } from './render-error.ts';
import { mapStopReason, stopSequenceFor } from './map-stop-reason.ts';
import { messageId } from './render-response.ts';
import { renderUsage } from './render-usage.ts';

/** The kind of content block being written; signed thinking takes no more thinking text. */
type BlockKind = 'text' | 'thinking' | 'signed_thinking' | 'redacted_thinking' | 'tool_use';
type ContentBlockStart = Extract<AnthropicStreamEvent, { type: 'content_block_start' }>['content_block'];

const frame = (event: AnthropicStreamEvent): string => encodeSse(JSON.stringify(event), event.type);

/**
 * Canonical events as Anthropic's SSE stream: `message_start`, then per content block
 * `content_block_start` / `content_block_delta`s / `content_block_stop`, then `message_delta`
 * with the stop reason and final usage, and `message_stop` (stream-text.sse.txt,
 * stream-thinking.sse.txt, stream-tool-use.sse.txt). Blocks are derived from the canonical
 * sequence: a new block begins when the kind of content changes or a new tool call starts.
 */
export async function* renderStream(events: AsyncIterable<StreamEvent>, options: RenderOptions): AsyncGenerator<string> {
  let id = '';
  let usage: Usage = emptyUsage();
  let started = false;
  let open: { index: number; kind: BlockKind } | undefined;
  let nextIndex = 0;
  const toolBlocks = new Map<number, number>();

  // Lazily, at the first content: an Anthropic upstream reports input usage right after its
  // start, so message_start carries it as Anthropic's own does; OpenAI upstreams report it last,
  // and the final figures always follow in message_delta.
  function* ensureStarted(): Generator<string> {
    if (started) return;
    started = true;
    yield frame({
      type: 'message_start',
      message: {
        id: messageId(id),
        type: 'message',
        role: 'assistant',
        model: options.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: renderUsage(usage),
      },
    });
  }

  function* close(): Generator<string> {
    if (open === undefined) return;
    yield frame({ type: 'content_block_stop', index: open.index });
    open = undefined;
  }

  function* begin(kind: BlockKind, contentBlock: ContentBlockStart): Generator<string> {
    yield* close();
    open = { kind, index: nextIndex++ };
    yield frame({ type: 'content_block_start', index: open.index, content_block: contentBlock });
  }

  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          id = event.id;
          break;
        case 'usage':
          usage = mergeUsage(usage, event.usage);
          break;
        case 'text_delta':
          // Empty text (OpenAI's first chunk) must not open a block: an empty text block echoed back is a 400 at Anthropic.
          if (event.text === '') break;
          yield* ensureStarted();
          if (open?.kind !== 'text') yield* begin('text', { type: 'text', text: '' });
          yield frame({ type: 'content_block_delta', index: open!.index, delta: { type: 'text_delta', text: event.text } });
          break;
        case 'reasoning_delta':
          if (event.text === '') break;
          yield* ensureStarted();
          if (open?.kind !== 'thinking') yield* begin('thinking', { type: 'thinking', thinking: '', signature: '' });
          yield frame({ type: 'content_block_delta', index: open!.index, delta: { type: 'thinking_delta', thinking: event.text } });
          break;
        case 'reasoning_signature':
          yield* ensureStarted();
          if (open?.kind !== 'thinking') yield* begin('thinking', { type: 'thinking', thinking: '', signature: '' });
          yield frame({ type: 'content_block_delta', index: open!.index, delta: { type: 'signature_delta', signature: event.signature } });
          open!.kind = 'signed_thinking';
          break;
        case 'reasoning_redacted':
          yield* ensureStarted();
          // Anthropic sends redacted thinking whole in its block start, with no deltas.
          yield* begin('redacted_thinking', { type: 'redacted_thinking', data: event.data });
          yield* close();
          break;
        case 'tool_call_start':
          yield* ensureStarted();
          yield* begin('tool_use', { type: 'tool_use', id: event.id, name: event.name, input: {} });
          toolBlocks.set(event.index, open!.index);
          break;
        case 'tool_call_delta': {
          const index = toolBlocks.get(event.index);
          if (index === undefined) break;
          // A delta for an earlier, already closed call (interleaved parallel calls) still names
          // that call's block; the SDK's accumulator appends to content[index] regardless.
          yield frame({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: event.arguments } });
          break;
        }
        case 'finish':
          yield* ensureStarted();
          yield* close();
          yield frame({
            type: 'message_delta',
            delta: { stop_reason: mapStopReason(event.reason), stop_sequence: stopSequenceFor(event.reason, event.stopSequence) },
            usage: renderUsage(usage),
          });
          yield frame({ type: 'message_stop' });
          return;
        case 'error':
          yield errorFrame(event.error);
          return;
      }
    }
  } catch (thrown) {
    // Headers are long sent: a failure now can only be told in-band, as Anthropic does.
    yield errorFrame(toGatewayError(thrown));
    return;
  }
  yield errorFrame(new GatewayError({ status: 502, code: 'upstream_error', message: 'The upstream stream ended before the response was complete.' }));
}

function errorFrame(error: GatewayError): string {
  return frame({ type: 'error', error: { type: anthropicErrorType(error), message: error.message } });
}
