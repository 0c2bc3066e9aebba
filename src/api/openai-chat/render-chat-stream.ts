import { toGatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { randomId } from '../../core/ids.ts';
import { encodeSse } from '../../streams/sse-encode.ts';
import { emptyUsage, mergeUsage, type Usage } from '../../core/usage.ts';
import type { OpenAiChatChunk, OpenAiChatDelta, OpenAiChatFinishReason } from '../../wire/openai-chat.ts';
import type { RenderOptions } from '../inbound-format.ts';
import { toChatUsage } from './convert-chat-usage.ts';
import { openAiErrorBody } from '../shared/render-openai-error.ts';
import { chatFinishReasons } from './map-chat-finish-reason.ts';

/**
 * Canonical events as Chat Completions SSE frames, shaped like OpenAI's own
 * (fixtures/openai-chat/stream-usage-include-usage.har): an opening role chunk, content
 * deltas, a finish chunk with an empty delta, a usage-only chunk with `choices: []` when
 * include_usage was asked (every chunk then carries `usage: null`), then `[DONE]`.
 */
export async function* renderChatStream(events: AsyncIterable<StreamEvent>, options: RenderOptions): AsyncGenerator<string> {
  let id = '';
  let created = 0;
  let opened = false;
  let usage: Usage | undefined;

  const chunk = (delta: OpenAiChatDelta, finishReason: OpenAiChatFinishReason | null = null): string => {
    const body: OpenAiChatChunk = {
      id,
      object: 'chat.completion.chunk',
      created,
      model: options.requestedModel,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (options.includeUsage) body.usage = null;
    return encodeSse(JSON.stringify(body));
  };
  // The opening chunk goes out once, even if an upstream sent content before `start`. Called
  // as `if (!opened) yield opening()`: a `yield*` of a generator would allocate one per event.
  const opening = (start?: { id: string; created: number }): string => {
    opened = true;
    id = start?.id || randomId('chatcmpl-');
    created = start?.created || Math.floor(Date.now() / 1000);
    return chunk({ role: 'assistant', content: '' });
  };

  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          if (!opened) yield opening(event);
          break;
        case 'text_delta':
          if (!opened) yield opening();
          yield chunk({ content: event.text });
          break;
        case 'reasoning_delta':
          if (!opened) yield opening();
          yield chunk({ reasoning_content: event.text });
          break;
        case 'tool_call_start':
          if (!opened) yield opening();
          yield chunk({ tool_calls: [{ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] });
          break;
        case 'tool_call_delta':
          yield chunk({ tool_calls: [{ index: event.index, function: { arguments: event.arguments } }] });
          break;
        case 'usage':
          usage = mergeUsage(usage, event.usage);
          break;
        case 'finish':
          if (!opened) yield opening();
          yield chunk({}, chatFinishReasons[event.reason]);
          if (options.includeUsage) {
            const final: OpenAiChatChunk = { id, object: 'chat.completion.chunk', created, model: options.requestedModel, choices: [], usage: toChatUsage(usage ?? emptyUsage()) };
            yield encodeSse(JSON.stringify(final));
          }
          yield encodeSse('[DONE]');
          return;
        case 'error':
          yield encodeSse(JSON.stringify(openAiErrorBody(event.error)));
          return;
        // Signatures and redacted thinking have no Chat Completions form.
        case 'reasoning_signature':
        case 'reasoning_redacted':
          break;
      }
    }
  } catch (error) {
    yield encodeSse(JSON.stringify(openAiErrorBody(toGatewayError(error))));
  }
}
