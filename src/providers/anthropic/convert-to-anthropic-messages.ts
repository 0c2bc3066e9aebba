import { GatewayError } from '../../core/errors.ts';
import type { AssistantPart, CacheControl, ImagePart, Message, TextPart, ToolResultPart } from '../../core/message.ts';
import type {
  AnthropicAssistantContentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicUserContentBlock,
} from '../../wire/anthropic-messages.ts';

export type AnthropicPrompt = { system: AnthropicTextBlock[]; messages: AnthropicMessageParam[] };

type Turn =
  | { role: 'user'; content: AnthropicUserContentBlock[] }
  | { role: 'assistant'; content: AnthropicAssistantContentBlock[] };

const withCache = <T extends object>(block: T, cacheControl: CacheControl | undefined): T =>
  cacheControl ? { ...block, cache_control: { ...cacheControl } } : block;

function textBlock(part: TextPart): AnthropicTextBlock {
  return withCache<AnthropicTextBlock>({ type: 'text', text: part.text }, part.cacheControl);
}

function imageBlock(part: ImagePart): AnthropicImageBlock {
  const source =
    part.source.kind === 'base64'
      ? { type: 'base64' as const, media_type: part.source.mediaType, data: part.source.data }
      : { type: 'url' as const, url: part.source.url };
  // `detail` is OpenAI's hint; Anthropic sizes images itself.
  return withCache<AnthropicImageBlock>({ type: 'image', source }, part.cacheControl);
}

function userBlock(part: TextPart | ImagePart): AnthropicTextBlock | AnthropicImageBlock {
  return part.type === 'text' ? textBlock(part) : imageBlock(part);
}

function toolResultBlock(part: ToolResultPart): AnthropicToolResultBlock {
  const only = part.content.length === 1 ? part.content[0] : undefined;
  // A lone text result travels as a plain string with its cache breakpoint on the block, the
  // shape Anthropic's own SDKs send (stream-tool-use-then-result.har, second request).
  const block: AnthropicToolResultBlock =
    only?.type === 'text'
      ? withCache<AnthropicToolResultBlock>({ type: 'tool_result', tool_use_id: part.toolCallId, content: only.text }, only.cacheControl)
      : { type: 'tool_result', tool_use_id: part.toolCallId, content: part.content.map(userBlock) };
  if (part.isError !== undefined) block.is_error = part.isError;
  return block;
}

function parseToolInput(text: string, param: string): Record<string, unknown> {
  // Models emit "" for a call without arguments when streaming; Anthropic wants `{}`.
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw GatewayError.invalidRequest('Tool call arguments must be valid JSON to be sent to an Anthropic model.', param);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw GatewayError.invalidRequest('Tool call arguments must be a JSON object to be sent to an Anthropic model.', param);
  }
  return value as Record<string, unknown>;
}

function assistantBlocks(parts: AssistantPart[], param: string): AnthropicAssistantContentBlock[] {
  const blocks: AnthropicAssistantContentBlock[] = [];
  parts.forEach((part, index) => {
    switch (part.type) {
      case 'text':
        // Anthropic rejects empty text blocks ("text content blocks must be non-empty").
        if (part.text !== '') blocks.push(textBlock(part));
        break;
      case 'reasoning':
        if (part.redacted !== undefined) blocks.push({ type: 'redacted_thinking', data: part.redacted });
        else if (part.signature !== undefined) blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
        // Unsigned reasoning (from another provider, or a client that stripped it) cannot go back:
        // Anthropic verifies every thinking block's signature and rejects the request otherwise.
        break;
      case 'tool_call':
        blocks.push({
          type: 'tool_use',
          id: part.id,
          name: part.name,
          input: parseToolInput(part.arguments, `${param}.content[${index}].arguments`),
        });
        break;
    }
  });
  return blocks;
}

/** Appends a turn, merging it into the previous one of the same role: Anthropic requires strict alternation. */
function pushTurn(turns: Turn[], turn: Turn): void {
  if (turn.content.length === 0) return;
  const previous = turns[turns.length - 1];
  if (previous?.role === 'user' && turn.role === 'user') previous.content.push(...turn.content);
  else if (previous?.role === 'assistant' && turn.role === 'assistant') previous.content.push(...turn.content);
  else turns.push(turn);
}

/**
 * The canonical conversation as Anthropic's `system` + `messages`. Leading system messages
 * become the system blocks; tool results become `tool_result` blocks in a user turn.
 */
export function convertToAnthropicMessages(messages: Message[], provider: string): AnthropicPrompt {
  const system: AnthropicTextBlock[] = [];
  const turns: Turn[] = [];
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        // Anthropic has one system prompt before the conversation; moving a later one there would change its meaning.
        if (turns.length > 0) throw GatewayError.unsupported('A system message after the conversation has started', provider, param);
        system.push(...message.content.map(textBlock));
        break;
      case 'user':
        // `name` has no Anthropic equivalent; it is a label, not content, so it is left out.
        pushTurn(turns, { role: 'user', content: message.content.map(userBlock) });
        break;
      case 'assistant':
        pushTurn(turns, { role: 'assistant', content: assistantBlocks(message.content, param) });
        break;
      case 'tool':
        pushTurn(turns, { role: 'user', content: message.content.map(toolResultBlock) });
        break;
    }
  });
  return { system, messages: turns };
}
