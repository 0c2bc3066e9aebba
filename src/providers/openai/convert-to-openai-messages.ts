import { GatewayError } from '../../core/errors.ts';
import type { ImagePart, Message, TextPart } from '../../core/message.ts';
import type {
  OpenAiChatAssistantMessage,
  OpenAiChatImagePart,
  OpenAiChatMessage,
  OpenAiChatTextPart,
} from '../../wire/openai-chat.ts';
import type { OpenAiCompatibleQuirks } from './quirks.ts';

function imageToOpenAi(part: ImagePart): OpenAiChatImagePart {
  const url = part.source.kind === 'url' ? part.source.url : `data:${part.source.mediaType};base64,${part.source.data}`;
  return { type: 'image_url', image_url: part.detail !== undefined ? { url, detail: part.detail } : { url } };
}

/** A lone text part goes as a plain string, the form every compatible provider accepts. */
function textContent(parts: TextPart[]): string | OpenAiChatTextPart[] {
  if (parts.length === 1) return parts[0].text;
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

/** Canonical messages into OpenAI chat messages: one `tool` message per tool result. */
export function convertToOpenAiMessages(messages: Message[], quirks: OpenAiCompatibleQuirks, provider: string): OpenAiChatMessage[] {
  const out: OpenAiChatMessage[] = [];
  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: textContent(message.content) });
        break;
      case 'user': {
        const onlyText = message.content.every((part) => part.type === 'text');
        const content = onlyText
          ? textContent(message.content as TextPart[])
          : message.content.map((part) => (part.type === 'text' ? { type: 'text' as const, text: part.text } : imageToOpenAi(part)));
        out.push({ role: 'user', content, ...(message.name !== undefined ? { name: message.name } : {}) });
        break;
      }
      case 'assistant': {
        const text = message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
        const reasoning = message.content.flatMap((part) => (part.type === 'reasoning' ? [part.text] : [])).join('');
        const calls = message.content.flatMap((part) =>
          part.type === 'tool_call' ? [{ id: part.id, type: 'function' as const, function: { name: part.name, arguments: part.arguments } }] : [],
        );
        // OpenAI wants content null, not "", beside tool calls.
        const rendered: OpenAiChatAssistantMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
        if (message.name !== undefined) rendered.name = message.name;
        if (calls.length > 0) rendered.tool_calls = calls;
        if (quirks.reasoningEcho && reasoning) (rendered as Record<string, unknown>)[quirks.reasoningEcho] = reasoning;
        out.push(rendered);
        break;
      }
      case 'tool':
        message.content.forEach((result, j) => {
          const texts: TextPart[] = [];
          for (const part of result.content) {
            // OpenAI tool messages carry text only.
            if (part.type !== 'text') throw GatewayError.unsupported('Images in tool results', provider, `messages[${i}].content[${j}]`);
            texts.push(part);
          }
          out.push({ role: 'tool', tool_call_id: result.toolCallId, content: texts.length === 0 ? '' : textContent(texts) });
        });
        break;
    }
  });
  return out;
}
