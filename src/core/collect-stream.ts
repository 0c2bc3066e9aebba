import type { ReasoningPart, ToolCallPart } from './message.ts';
import type { CanonicalResponse } from './response.ts';
import type { StreamEvent } from './events.ts';
import { mergeUsage } from './usage.ts';

/**
 * Accumulates stream events into the whole response they describe. One step function serves
 * the async fold of a live stream and the sync fold of already-parsed events.
 */
export class ResponseAccumulator {
  readonly response: CanonicalResponse = {
    id: '',
    model: '',
    created: 0,
    content: [],
    finishReason: 'other',
    usage: { inputTokens: 0, outputTokens: 0 },
  };
  readonly #toolCalls = new Map<number, ToolCallPart>();

  /** Applies one event; an `error` event throws its error. */
  add(event: StreamEvent): void {
    const response = this.response;
    const last = response.content[response.content.length - 1];
    switch (event.type) {
      case 'start':
        response.id = event.id;
        response.model = event.model;
        response.created = event.created;
        break;
      case 'text_delta':
        if (last?.type === 'text') last.text += event.text;
        else response.content.push({ type: 'text', text: event.text });
        break;
      case 'reasoning_delta':
        if (last?.type === 'reasoning' && last.signature === undefined && last.redacted === undefined) last.text += event.text;
        else response.content.push({ type: 'reasoning', text: event.text });
        break;
      case 'reasoning_signature':
        if (last?.type === 'reasoning' && last.signature === undefined && last.redacted === undefined) last.signature = event.signature;
        else response.content.push({ type: 'reasoning', text: '', signature: event.signature });
        break;
      case 'reasoning_redacted':
        response.content.push({ type: 'reasoning', text: '', redacted: event.data } satisfies ReasoningPart);
        break;
      case 'tool_call_start': {
        const call: ToolCallPart = { type: 'tool_call', id: event.id, name: event.name, arguments: '' };
        if (event.signature !== undefined) call.signature = event.signature;
        this.#toolCalls.set(event.index, call);
        response.content.push(call);
        break;
      }
      case 'tool_call_delta': {
        const call = this.#toolCalls.get(event.index);
        if (call) call.arguments += event.arguments;
        break;
      }
      case 'usage':
        response.usage = mergeUsage(response.usage, event.usage);
        break;
      case 'finish':
        response.finishReason = event.reason;
        if (event.stopSequence !== undefined) response.stopSequence = event.stopSequence;
        break;
      case 'error':
        throw event.error;
    }
  }
}

/** Folds already-parsed events into a response. An `error` event throws it. */
export function foldEvents(events: Iterable<StreamEvent>): CanonicalResponse {
  const accumulator = new ResponseAccumulator();
  for (const event of events) accumulator.add(event);
  return accumulator.response;
}

/** Folds a live stream of events into the whole response. An `error` event throws it. */
export async function collectStream(events: AsyncIterable<StreamEvent>): Promise<CanonicalResponse> {
  const accumulator = new ResponseAccumulator();
  for await (const event of events) accumulator.add(event);
  return accumulator.response;
}
