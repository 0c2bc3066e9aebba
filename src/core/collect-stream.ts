import type { AssistantPart, ReasoningPart, ToolCallPart } from './message.ts';
import type { CanonicalResponse } from './response.ts';
import type { StreamEvent } from './events.ts';
import { mergeUsage } from './usage.ts';

/** Folds a stream of events into the whole response it describes. An `error` event throws it. */
export async function collectStream(events: AsyncIterable<StreamEvent>): Promise<CanonicalResponse> {
  const response: CanonicalResponse = {
    id: '',
    model: '',
    created: 0,
    content: [],
    finishReason: 'other',
    usage: { inputTokens: 0, outputTokens: 0 },
  };
  const toolCalls = new Map<number, ToolCallPart>();
  const last = (): AssistantPart | undefined => response.content[response.content.length - 1];

  for await (const event of events) {
    switch (event.type) {
      case 'start':
        response.id = event.id;
        response.model = event.model;
        response.created = event.created;
        break;
      case 'text_delta': {
        const part = last();
        if (part?.type === 'text') part.text += event.text;
        else response.content.push({ type: 'text', text: event.text });
        break;
      }
      case 'reasoning_delta': {
        const part = last();
        if (part?.type === 'reasoning' && part.signature === undefined && part.redacted === undefined) part.text += event.text;
        else response.content.push({ type: 'reasoning', text: event.text });
        break;
      }
      case 'reasoning_signature': {
        const part = last();
        if (part?.type === 'reasoning' && part.signature === undefined) part.signature = event.signature;
        else response.content.push({ type: 'reasoning', text: '', signature: event.signature });
        break;
      }
      case 'reasoning_redacted':
        response.content.push({ type: 'reasoning', text: '', redacted: event.data } satisfies ReasoningPart);
        break;
      case 'tool_call_start': {
        const call: ToolCallPart = { type: 'tool_call', id: event.id, name: event.name, arguments: '' };
        if (event.signature !== undefined) call.signature = event.signature;
        toolCalls.set(event.index, call);
        response.content.push(call);
        break;
      }
      case 'tool_call_delta': {
        const call = toolCalls.get(event.index);
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
  return response;
}
