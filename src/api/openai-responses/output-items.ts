import { randomId } from '../../core/ids.ts';
import type { ReasoningPart } from '../../core/message.ts';
import type {
  ResponsesFunctionCallItem,
  ResponsesItemStatus,
  ResponsesOutputMessage,
  ResponsesOutputTextPart,
  ResponsesReasoningItem,
} from '../../wire/openai-responses.ts';
import { encodeReasoningState } from './reasoning-state.ts';

/** Item ids in OpenAI's prefixes: clients key on them (`msg_`, `rs_`, `fc_`). */
export const newItemId = {
  message: () => randomId('msg_'),
  reasoning: () => randomId('rs_'),
  function_call: () => randomId('fc_'),
};

export function outputTextPart(text: string): ResponsesOutputTextPart {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

export function messageItem(id: string, text: string | undefined, status: ResponsesItemStatus): ResponsesOutputMessage {
  return { id, type: 'message', status, content: text === undefined ? [] : [outputTextPart(text)], role: 'assistant' };
}

/** One summary entry holding the whole thinking text, so it returns byte-exact (signatures are checked against it). */
export function reasoningItem(id: string, part: Pick<ReasoningPart, 'text' | 'signature' | 'redacted'>): ResponsesReasoningItem {
  const item: ResponsesReasoningItem = { id, type: 'reasoning', summary: part.text ? [{ type: 'summary_text', text: part.text }] : [] };
  const state = encodeReasoningState(part);
  if (state !== undefined) item.encrypted_content = state;
  return item;
}

export function functionCallItem(
  id: string,
  call: { id: string; name: string; arguments: string },
  status: ResponsesItemStatus,
): ResponsesFunctionCallItem {
  return { id, type: 'function_call', status, arguments: call.arguments, call_id: call.id, name: call.name };
}
