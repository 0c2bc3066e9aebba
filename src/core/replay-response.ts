import type { CanonicalResponse } from './response.ts';
import type { StreamEvent } from './events.ts';

/** A whole response as the stream of events that would have produced it. */
export function* replayResponse(response: CanonicalResponse): Generator<StreamEvent> {
  yield { type: 'start', id: response.id, model: response.model, created: response.created };
  let toolIndex = 0;
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        yield { type: 'text_delta', text: part.text };
        break;
      case 'reasoning':
        if (part.redacted !== undefined) yield { type: 'reasoning_redacted', data: part.redacted };
        else {
          if (part.text) yield { type: 'reasoning_delta', text: part.text };
          if (part.signature !== undefined) yield { type: 'reasoning_signature', signature: part.signature };
        }
        break;
      case 'tool_call': {
        const index = toolIndex++;
        yield { type: 'tool_call_start', index, id: part.id, name: part.name, ...(part.signature !== undefined ? { signature: part.signature } : {}) };
        if (part.arguments) yield { type: 'tool_call_delta', index, arguments: part.arguments };
        break;
      }
    }
  }
  yield { type: 'usage', usage: response.usage };
  yield { type: 'finish', reason: response.finishReason, ...(response.stopSequence !== undefined ? { stopSequence: response.stopSequence } : {}) };
}
