import { GatewayError } from '../../core/errors.ts';
import type { AssistantPart, ImagePart, Message, TextPart, ToolResultPart, UserPart } from '../../core/message.ts';
import { openAiWording } from '../shared/describe-validation-issue.ts';
import { validateField } from '../shared/parse-request-body.ts';
import { decodeReasoningState } from './reasoning-state.ts';
import {
  itemSchemas,
  type FunctionCallOutputItemBody,
  type MessageItemBody,
  type ReasoningItemBody,
} from './request-schema.ts';

type ContentPart = Exclude<MessageItemBody['content'], string>[number];

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

function unsupported(message: string, param: string): GatewayError {
  return new GatewayError({ status: 400, code: 'unsupported_feature', message: `${param}: ${message}`, param });
}

/** The stateless gateway cannot resolve anything OpenAI stored on its side. */
export function statelessError(what: string, param: string): GatewayError {
  return GatewayError.invalidRequest(
    `${what} is not supported: Switchyard's Responses API is stateless and stores nothing between requests. ` +
      'Send the whole conversation in `input` (with `store: false`), replaying earlier output items as input items.',
    param,
  );
}

function image(part: Extract<ContentPart, { type: 'input_image' }>, param: string): ImagePart {
  if (part.file_id) throw unsupported('input_image with file_id is not supported (files live in OpenAI\'s storage); send image_url as a URL or a base64 data: URL', `${param}.file_id`);
  if (!part.image_url) throw GatewayError.invalidRequest(`${param}.image_url: required`, `${param}.image_url`);
  const data = dataUrl.exec(part.image_url);
  const result: ImagePart = {
    type: 'image',
    source: data ? { kind: 'base64', mediaType: data[1], data: data[2] } : { kind: 'url', url: part.image_url },
  };
  if (!data && !/^https?:\/\//i.test(part.image_url)) throw GatewayError.invalidRequest(`${param}.image_url: expected an http(s) URL or a base64 data: URL`, `${param}.image_url`);
  if (part.detail !== undefined) result.detail = part.detail;
  return result;
}

function textOf(part: ContentPart): string | undefined {
  if (part.type === 'input_text' || part.type === 'output_text') return part.text;
  if (part.type === 'refusal') return part.refusal;
  return undefined;
}

function textParts(content: MessageItemBody['content'], at: string): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, j) => {
    const text = textOf(part);
    if (text === undefined) throw unsupported(`'${part.type}' parts are only accepted in user messages`, `${at}.content[${j}].type`);
    return { type: 'text', text };
  });
}

function userParts(content: MessageItemBody['content'], at: string): UserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, j): UserPart => {
    const param = `${at}.content[${j}]`;
    if (part.type === 'input_image') return image(part, param);
    const text = textOf(part);
    if (text === undefined) throw unsupported(`'${part.type}' content parts are not supported by this gateway`, `${param}.type`);
    return { type: 'text', text };
  });
}

function toolResult(item: FunctionCallOutputItemBody, at: string): ToolResultPart {
  const content: ToolResultPart['content'] =
    typeof item.output === 'string'
      ? [{ type: 'text', text: item.output }]
      : item.output.map((part, j) => {
          if (part.type === 'input_text') return { type: 'text', text: part.text };
          if (part.type === 'input_image') return image(part, `${at}.output[${j}]`);
          throw unsupported("'input_file' tool output is not supported by this gateway", `${at}.output[${j}].type`);
        });
  return { type: 'tool_result', toolCallId: item.call_id, content };
}

/** Raw reasoning text when the client has it (open-weight models), else the joined summary. */
function reasoningPart(item: ReasoningItemBody): AssistantPart | undefined {
  const raw = item.content?.map((part) => part.text).join('') ?? '';
  const text = raw || item.summary.map((part) => part.text).join('\n\n');
  const state = item.encrypted_content ? decodeReasoningState(item.encrypted_content) : {};
  // A replayed item without summary or state (a client that did not ask for encrypted_content) says nothing.
  if (!text && state.signature === undefined && state.redacted === undefined) return undefined;
  return { type: 'reasoning', text, ...state };
}

/**
 * Responses `input` into canonical messages. The item list is flat where the canonical form
 * groups by turn: consecutive assistant-side items (reasoning, assistant messages,
 * function_call) become one assistant message, consecutive function_call_output items one
 * tool message, so a reasoning item stays in front of the calls it led to (Anthropic requires it).
 */
export function convertResponsesInput(input: string | Array<Record<string, unknown>>): Message[] {
  if (typeof input === 'string') return [{ role: 'user', content: [{ type: 'text', text: input }] }];
  const messages: Message[] = [];
  const assistant = (): AssistantPart[] => {
    const last = messages[messages.length - 1];
    if (last?.role === 'assistant') return last.content;
    const content: AssistantPart[] = [];
    messages.push({ role: 'assistant', content });
    return content;
  };
  const toolResults = (): ToolResultPart[] => {
    const last = messages[messages.length - 1];
    if (last?.role === 'tool') return last.content;
    const content: ToolResultPart[] = [];
    messages.push({ role: 'tool', content });
    return content;
  };

  input.forEach((raw, i) => {
    const at = `input[${i}]`;
    const type = raw.type === undefined ? 'message' : raw.type;
    switch (type) {
      case 'message': {
        const item = validateField(itemSchemas.message, raw, openAiWording, ['input', i]);
        if (item.role === 'system' || item.role === 'developer') messages.push({ role: 'system', content: textParts(item.content, at) });
        else if (item.role === 'user') messages.push({ role: 'user', content: userParts(item.content, at) });
        else assistant().push(...textParts(item.content, at));
        return;
      }
      case 'function_call': {
        const item = validateField(itemSchemas.function_call, raw, openAiWording, ['input', i]);
        assistant().push({ type: 'tool_call', id: item.call_id, name: item.name, arguments: item.arguments });
        return;
      }
      case 'function_call_output':
        toolResults().push(toolResult(validateField(itemSchemas.function_call_output, raw, openAiWording, ['input', i]), at));
        return;
      case 'reasoning': {
        const part = reasoningPart(validateField(itemSchemas.reasoning, raw, openAiWording, ['input', i]));
        if (part) assistant().push(part);
        return;
      }
      case 'item_reference':
        throw statelessError('item_reference', `${at}.type`);
      default:
        throw unsupported(
          `input items of type '${String(type)}' are not supported; Switchyard accepts message, function_call, function_call_output and reasoning items`,
          `${at}.type`,
        );
    }
  });
  return messages;
}
