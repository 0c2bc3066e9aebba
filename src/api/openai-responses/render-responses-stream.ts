import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { mergeUsage, type Usage } from '../../core/usage.ts';
import { encodeSse } from '../../streams/sse-encode.ts';
import type {
  ResponsesFunctionCallItem,
  ResponsesItemStatus,
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesReasoningItem,
  ResponsesStreamEvent,
} from '../../wire/openai-responses.ts';
import { openAiErrorBody } from '../shared/render-openai-error.ts';
import { buildResponseObject, responseIdFor, type ResponseState } from './build-response-object.ts';
import { toResponsesUsage } from './convert-responses-usage.ts';
import { mapResponsesStatus } from './map-responses-status.ts';
import { functionCallItem, messageItem, newItemId, outputTextPart } from './output-items.ts';
import { encodeReasoningState } from './reasoning-state.ts';
import type { ResponsesRenderOptions } from './responses-echo.ts';

type Unsequenced = ResponsesStreamEvent extends infer E ? (E extends unknown ? Omit<E, 'sequence_number'> : never) : never;

/** The output item being streamed; a new one starts whenever the canonical event kind changes or a new tool call starts. */
type OpenItem =
  | { kind: 'message'; index: number; item: ResponsesOutputMessage; text: string }
  | { kind: 'reasoning'; index: number; item: ResponsesReasoningItem; text: string }
  | { kind: 'call'; index: number; item: ResponsesFunctionCallItem };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Canonical events as Responses SSE, in the grammar OpenAI streams (fixtures/openai-responses/
 * stream-text.sse.txt, stream-function-call.sse.txt, stream-reasoning-encrypted-content.chunks.txt):
 * `response.created`, `response.in_progress`, then per output item `output_item.added`, its
 * part/delta/done events and `output_item.done`, then `response.completed` (or `.incomplete`,
 * or `error` + `response.failed`). `sequence_number` counts every event from 0.
 */
export async function* renderResponsesStream(events: AsyncIterable<StreamEvent>, options: ResponsesRenderOptions): AsyncGenerator<string> {
  let sequence = 0;
  let frames: string[] = [];
  const emit = (event: Unsequenced): void => {
    frames.push(encodeSse(JSON.stringify({ ...event, sequence_number: sequence++ }), event.type));
  };
  const flush = (): string[] => {
    const out = frames;
    frames = [];
    return out;
  };

  let state: ResponseState | undefined;
  let usage: Usage | undefined;
  let open: OpenItem | undefined;
  const calls = new Map<number, { index: number; item: ResponsesFunctionCallItem }>();

  const start = (id = '', created = 0): ResponseState => {
    if (state) return state;
    state = { id: responseIdFor(id), createdAt: created || nowSeconds(), status: 'in_progress', output: [], usage: null };
    emit({ type: 'response.created', response: buildResponseObject(state, options) });
    emit({ type: 'response.in_progress', response: buildResponseObject(state, options) });
    return state;
  };

  const add = (item: ResponsesOutputItem): number => {
    const output = start().output;
    output.push(item);
    emit({ type: 'response.output_item.added', output_index: output.length - 1, item });
    return output.length - 1;
  };

  const close = (status: ResponsesItemStatus = 'completed'): void => {
    const current = open;
    open = undefined;
    if (!current) return;
    const ref = { item_id: current.item.id, output_index: current.index };
    if (current.kind === 'message') {
      emit({ type: 'response.output_text.done', content_index: 0, ...ref, logprobs: [], text: current.text });
      emit({ type: 'response.content_part.done', content_index: 0, ...ref, part: outputTextPart(current.text) });
      current.item.status = status;
    } else if (current.kind === 'reasoning') {
      if (current.text) {
        emit({ type: 'response.reasoning_summary_text.done', ...ref, summary_index: 0, text: current.text });
        emit({ type: 'response.reasoning_summary_part.done', ...ref, summary_index: 0, part: { type: 'summary_text', text: current.text } });
      }
    } else {
      emit({ type: 'response.function_call_arguments.done', ...ref, arguments: current.item.arguments });
      current.item.status = status;
    }
    emit({ type: 'response.output_item.done', output_index: current.index, item: current.item });
  };

  const openReasoning = (): Extract<OpenItem, { kind: 'reasoning' }> => {
    if (open?.kind === 'reasoning') return open;
    close();
    const item: ResponsesReasoningItem = { id: newItemId.reasoning(), type: 'reasoning', summary: [] };
    const reasoning = { kind: 'reasoning' as const, index: add(item), item, text: '' };
    open = reasoning;
    return reasoning;
  };

  const finish = (reason: Parameters<typeof mapResponsesStatus>[0]): void => {
    const outcome = mapResponsesStatus(reason);
    close(outcome.status === 'incomplete' ? 'incomplete' : 'completed');
    const current = start();
    current.status = outcome.status;
    current.usage = toResponsesUsage(usage ?? { inputTokens: 0, outputTokens: 0 });
    if (outcome.status === 'completed') current.completedAt = nowSeconds();
    if (outcome.status === 'incomplete') current.incompleteReason = outcome.reason;
    if (outcome.status === 'failed') current.error = { code: 'server_error', message: 'The model stopped with an error.' };
    emit({ type: `response.${outcome.status}`, response: buildResponseObject(current, options) });
  };

  // Mid-stream failure as OpenAI sends it (fixtures/openai-responses/stream-error-insufficient-quota.chunks.txt).
  const fail = (error: GatewayError): void => {
    const current = start();
    const body = openAiErrorBody(error).error;
    emit({ type: 'error', error: { type: body.type, code: body.code, message: body.message, param: body.param } });
    current.status = 'failed';
    current.error = { code: body.code ?? body.type, message: body.message };
    if (usage) current.usage = toResponsesUsage(usage);
    emit({ type: 'response.failed', response: buildResponseObject(current, options) });
  };

  for await (const event of events) {
    switch (event.type) {
      case 'start':
        start(event.id, event.created);
        break;
      case 'text_delta': {
        if (!event.text) break;
        if (open?.kind !== 'message') {
          close();
          const item = messageItem(newItemId.message(), undefined, 'in_progress');
          const index = add(item);
          emit({ type: 'response.content_part.added', content_index: 0, item_id: item.id, output_index: index, part: outputTextPart('') });
          item.content.push(outputTextPart(''));
          open = { kind: 'message', index, item, text: '' };
        }
        open.text += event.text;
        const part = open.item.content[0];
        if (part.type === 'output_text') part.text = open.text;
        emit({ type: 'response.output_text.delta', content_index: 0, delta: event.text, item_id: open.item.id, logprobs: [], output_index: open.index });
        break;
      }
      case 'reasoning_delta': {
        if (!event.text) break;
        const reasoning = openReasoning();
        const ref = { item_id: reasoning.item.id, output_index: reasoning.index };
        if (!reasoning.text) emit({ type: 'response.reasoning_summary_part.added', ...ref, summary_index: 0, part: { type: 'summary_text', text: '' } });
        reasoning.text += event.text;
        reasoning.item.summary = [{ type: 'summary_text', text: reasoning.text }];
        emit({ type: 'response.reasoning_summary_text.delta', ...ref, summary_index: 0, delta: event.text });
        break;
      }
      case 'reasoning_signature': {
        // The signature closes the block it signs (core/events.ts).
        const reasoning = openReasoning();
        reasoning.item.encrypted_content = encodeReasoningState({ signature: event.signature });
        close();
        break;
      }
      case 'reasoning_redacted': {
        close();
        const item: ResponsesReasoningItem = { id: newItemId.reasoning(), type: 'reasoning', summary: [], encrypted_content: encodeReasoningState({ redacted: event.data }) };
        open = { kind: 'reasoning', index: add(item), item, text: '' };
        close();
        break;
      }
      case 'tool_call_start': {
        close();
        const item = functionCallItem(newItemId.function_call(), { id: event.id, name: event.name, arguments: '' }, 'in_progress');
        const index = add(item);
        calls.set(event.index, { index, item });
        open = { kind: 'call', index, item };
        break;
      }
      case 'tool_call_delta': {
        const call = calls.get(event.index);
        if (!call || !event.arguments) break;
        // A late delta for an already closed call still reaches the client's snapshot (the SDK applies it by output_index).
        call.item.arguments += event.arguments;
        emit({ type: 'response.function_call_arguments.delta', delta: event.arguments, item_id: call.item.id, output_index: call.index });
        break;
      }
      case 'usage':
        usage = mergeUsage(usage, event.usage);
        break;
      case 'finish':
        finish(event.reason);
        yield* flush();
        return;
      case 'error':
        fail(event.error);
        yield* flush();
        return;
    }
    yield* flush();
  }
  fail(new GatewayError({ status: 502, code: 'upstream_error', message: 'The upstream stream ended before the response was complete.' }));
  yield* flush();
}
