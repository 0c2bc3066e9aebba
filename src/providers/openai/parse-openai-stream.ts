import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import type { FinishReason } from '../../core/finish-reason.ts';
import { randomId } from '../../core/ids.ts';
import type { Usage } from '../../core/usage.ts';
import { decodeSse } from '../../streams/sse-decode.ts';
import { drainInBackground } from '../../streams/drain-in-background.ts';
import type { OpenAiChatChunk, OpenAiChatErrorObject, OpenAiChatToolCallDelta } from '../../wire/openai-chat.ts';
import { convertOpenAiUsage } from './convert-openai-usage.ts';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.ts';
import { openAiErrorToGatewayError } from './parse-openai-error.ts';
import { readOpenAiContent, readOpenAiReasoning } from './read-openai-content.ts';

/** Numbers tool calls from 0 in order of appearance, whichever way the upstream identifies them. */
class ToolCallIndexer {
  private readonly byUpstreamIndex = new Map<number, number>();
  private next = 0;

  /** Our index for a delta, and whether the delta opens a new call. */
  place(delta: OpenAiChatToolCallDelta): { index: number; isNew: boolean } {
    if (delta.index !== undefined) {
      const known = this.byUpstreamIndex.get(delta.index);
      if (known !== undefined) return { index: known, isNew: false };
      const index = this.next++;
      this.byUpstreamIndex.set(delta.index, index);
      return { index, isNew: true };
    }
    // Mistral omits `index` and sends every call whole, with its id (fixtures/mistral/stream-tool-call.chunks.txt).
    if (delta.id !== undefined || this.next === 0) return { index: this.next++, isNew: true };
    return { index: this.next - 1, isNew: false };
  }
}

const malformed = (provider: string, message: string): StreamEvent => ({
  type: 'error',
  error: new GatewayError({ status: 502, code: 'upstream_error', message, provider }),
});

/**
 * An OpenAI-compatible chat completion SSE body into canonical events. Usage and finish are
 * held to the end because OpenAI sends the finish chunk before the usage-only chunk. An
 * in-band `{"error": ...}` event (Groq sends it as `event: error` on an HTTP 200 stream,
 * fixtures/groq/stream-error-tool-use-failed.sse.txt) becomes an `error` event.
 */
export async function* parseOpenAiStream(body: AsyncIterable<Uint8Array>, provider: string): AsyncGenerator<StreamEvent> {
  let started = false;
  let done = false;
  let finish: FinishReason | undefined;
  let refused = false;
  let usage: Usage | undefined;
  const tools = new ToolCallIndexer();

  // Iterated by hand so that `[DONE]` can leave the loop without `return()`ing the body:
  // that would make undici destroy it with an AbortError (and a stack trace) per stream.
  const messages = decodeSse(body)[Symbol.asyncIterator]();
  try {
    for (let next = await messages.next(); !next.done; next = await messages.next()) {
      const message = next.value;
      if (message.data === '[DONE]') {
        done = true;
        break;
      }
      let chunk: Partial<OpenAiChatChunk> & { error?: Partial<OpenAiChatErrorObject> & { status_code?: number } };
      try {
        chunk = JSON.parse(message.data);
      } catch {
        yield malformed(provider, 'Upstream sent a stream event that is not JSON.');
        return;
      }
      if (typeof chunk !== 'object' || chunk === null) continue;
      if (chunk.error) {
        const status = typeof chunk.error.status_code === 'number' ? chunk.error.status_code : 502;
        yield { type: 'error', error: openAiErrorToGatewayError(status, chunk.error, provider) };
        return;
      }
      if (!started) {
        started = true;
        yield { type: 'start', id: chunk.id ?? '', model: chunk.model ?? '', created: chunk.created ?? 0 };
      }

      // Only the first choice is streamed through; n > 1 is served non-streamed.
      const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
      const delta = choice?.delta;
      if (delta) {
        const reasoning = readOpenAiReasoning(delta);
        if (reasoning) yield { type: 'reasoning_delta', text: reasoning };
        for (const piece of readOpenAiContent(delta.content)) {
          yield piece.kind === 'text' ? { type: 'text_delta', text: piece.text } : { type: 'reasoning_delta', text: piece.text };
        }
        if (typeof delta.refusal === 'string' && delta.refusal) {
          refused = true;
          yield { type: 'text_delta', text: delta.refusal };
        }
        for (const call of delta.tool_calls ?? []) {
          const { index, isNew } = tools.place(call);
          if (isNew) yield { type: 'tool_call_start', index, id: call.id ?? randomId('call_'), name: call.function?.name ?? '' };
          const args = call.function?.arguments;
          if (args) yield { type: 'tool_call_delta', index, arguments: args };
        }
      }
      if (choice?.finish_reason) finish = mapOpenAiFinishReason(choice.finish_reason);
      // Groq reports stream usage under x_groq (and, lately, also at the top level).
      const reported = chunk.usage ?? chunk.x_groq?.usage;
      if (reported) usage = convertOpenAiUsage(reported);
    }

    if (finish === undefined && !done) {
      yield malformed(provider, 'Upstream stream ended before the response was complete.');
      return;
    }
    if (!started) yield { type: 'start', id: '', model: '', created: 0 };
    if (usage) yield { type: 'usage', usage };
    if (refused && finish === 'stop') finish = 'refusal';
    yield { type: 'finish', reason: finish ?? 'other' };
  } finally {
    if (done) drainInBackground(messages);
    else await messages.return?.(undefined);
  }
}
