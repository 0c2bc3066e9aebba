import { GatewayError } from '../../core/errors.ts';
import type { AssistantPart, ImagePart, Message, TextPart, UserPart } from '../../core/message.ts';
import type { ChatMessageBody } from './request-schema.ts';

type UserContent = Extract<ChatMessageBody, { role: 'user' }>['content'];

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

/** An `image_url` URL as a canonical image source: http(s) stays a URL, a base64 data URL is unpacked. */
function imageFromUrl(url: string, detail: ImagePart['detail'], param: string): ImagePart {
  const part: ImagePart = { type: 'image', source: { kind: 'url', url } };
  const data = dataUrl.exec(url);
  if (data) part.source = { kind: 'base64', mediaType: data[1], data: data[2] };
  else if (!/^https?:\/\//i.test(url)) throw GatewayError.invalidRequest(`${param}: expected an http(s) URL or a base64 data: URL`, param);
  if (detail !== undefined) part.detail = detail;
  return part;
}

function texts(content: string | Array<{ type: 'text'; text: string }>): TextPart[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map((part) => ({ type: 'text', text: part.text }));
}

function userParts(content: UserContent, at: string): UserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, j): UserPart => {
    const param = `${at}.content[${j}]`;
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image_url') return imageFromUrl(part.image_url.url, part.image_url.detail, `${param}.image_url.url`);
    throw GatewayError.invalidRequest(`${param}.type: '${part.type}' content parts are not supported by this gateway`, `${param}.type`);
  });
}

/** Chat Completions messages into canonical messages, keeping their order (system/developer may appear anywhere). */
export function convertChatMessages(messages: ChatMessageBody[]): Message[] {
  return messages.map((message, i): Message => {
    const at = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: texts(message.content) };
      case 'user':
        return { role: 'user', content: userParts(message.content, at), ...(message.name !== undefined ? { name: message.name } : {}) };
      case 'assistant': {
        const content: AssistantPart[] = [];
        // DeepSeek-style clients send the model's reasoning back beside the answer.
        if (message.reasoning_content) content.push({ type: 'reasoning', text: message.reasoning_content });
        if (typeof message.content === 'string') {
          if (message.content) content.push({ type: 'text', text: message.content });
        } else if (message.content) {
          for (const part of message.content) content.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
        }
        for (const call of message.tool_calls ?? []) {
          content.push({ type: 'tool_call', id: call.id, name: call.function.name, arguments: call.function.arguments });
        }
        return { role: 'assistant', content, ...(message.name !== undefined ? { name: message.name } : {}) };
      }
      case 'tool':
        return { role: 'tool', content: [{ type: 'tool_result', toolCallId: message.tool_call_id, content: texts(message.content) }] };
      case 'function':
        throw GatewayError.invalidRequest(`${at}.role: the deprecated 'function' role is not supported; use 'tool' messages with tool_call_id`, `${at}.role`);
    }
  });
}
