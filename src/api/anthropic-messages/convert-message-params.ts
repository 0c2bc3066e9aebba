import { GatewayError } from '../../core/errors.ts';
import type { AssistantPart, CacheControl, ImagePart, Message, TextPart, ToolResultPart, UserPart } from '../../core/message.ts';
import type { MessageParamBody, MessagesRequestBody } from './request-schema.ts';

type UserBlock = Exclude<Extract<MessageParamBody, { role: 'user' }>['content'], string>[number];
type AssistantBlock = Exclude<Extract<MessageParamBody, { role: 'assistant' }>['content'], string>[number];
type ToolResultBlock = Extract<UserBlock, { type: 'tool_result' }>;
type BlockCache = { type: 'ephemeral'; ttl?: '5m' | '1h' } | null | undefined;

function unsupportedBlock(type: string, param: string): GatewayError {
  return new GatewayError({
    status: 400,
    code: 'unsupported_feature',
    message: `${param}: '${type}' content blocks are not supported by this gateway yet.`,
    param,
  });
}

const withCache = <T extends TextPart | ImagePart>(part: T, cache: BlockCache): T => {
  if (!cache) return part;
  const cacheControl: CacheControl = { type: cache.type };
  if (cache.ttl !== undefined) cacheControl.ttl = cache.ttl;
  return { ...part, cacheControl };
};

function contentPart(block: UserBlock, param: string): TextPart | ImagePart {
  switch (block.type) {
    case 'text':
      return withCache<TextPart>({ type: 'text', text: block.text }, block.cache_control);
    case 'image': {
      const { source } = block;
      if (source.type === 'file') throw unsupportedBlock('image with a file source (Files API)', `${param}.source`);
      const image: ImagePart =
        source.type === 'base64'
          ? { type: 'image', source: { kind: 'base64', mediaType: source.media_type, data: source.data } }
          : { type: 'image', source: { kind: 'url', url: source.url } };
      return withCache(image, block.cache_control);
    }
    default:
      throw unsupportedBlock(block.type, `${param}.type`);
  }
}

function toolResult(block: ToolResultBlock, param: string, toolNames: Map<string, string>): ToolResultPart {
  const content =
    typeof block.content === 'string'
      ? [{ type: 'text' as const, text: block.content }]
      : (block.content ?? []).map((inner, k) => contentPart(inner, `${param}.content.${k}`));
  // Canonical tool results carry no cache breakpoint of their own; the end of their content is
  // the same position in the prompt (and where the Anthropic adapter puts it back).
  const last = content.length - 1;
  if (block.cache_control && last >= 0) content[last] = withCache(content[last], block.cache_control);
  const part: ToolResultPart = { type: 'tool_result', toolCallId: block.tool_use_id, content };
  // Gemini matches results by function name; Anthropic's results only carry the id.
  const name = toolNames.get(block.tool_use_id);
  if (name !== undefined) part.name = name;
  if (block.is_error !== undefined) part.isError = block.is_error;
  return part;
}

/** One Anthropic user turn: its tool results become a `tool` message placed before the rest of the turn. */
function userMessages(content: string | UserBlock[], at: string, toolNames: Map<string, string>): Message[] {
  if (typeof content === 'string') return [{ role: 'user', content: [{ type: 'text', text: content }] }];
  const results: ToolResultPart[] = [];
  const parts: UserPart[] = [];
  content.forEach((block, j) => {
    const param = `${at}.content.${j}`;
    if (block.type === 'tool_result') results.push(toolResult(block, param, toolNames));
    else parts.push(contentPart(block, param));
  });
  const messages: Message[] = [];
  if (results.length > 0) messages.push({ role: 'tool', content: results });
  if (parts.length > 0 || results.length === 0) messages.push({ role: 'user', content: parts });
  return messages;
}

function assistantPart(block: AssistantBlock, param: string, toolNames: Map<string, string>): AssistantPart {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      toolNames.set(block.id, block.name);
      return { type: 'tool_call', id: block.id, name: block.name, arguments: JSON.stringify(block.input) };
    case 'thinking':
      // An empty signature is what the gateway renders for reasoning from models that do not
      // sign it (render-content-blocks.ts); echoed back, it is unsigned reasoning again.
      return block.signature === '' ? { type: 'reasoning', text: block.thinking } : { type: 'reasoning', text: block.thinking, signature: block.signature };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redacted: block.data };
    default:
      throw unsupportedBlock(block.type, `${param}.type`);
  }
}

/** The system prompt as a leading system message, keeping each block's cache breakpoint. */
export function convertSystem(system: MessagesRequestBody['system']): Message[] {
  if (system === undefined || system === '' || system.length === 0) return [];
  const content = typeof system === 'string' ? [{ type: 'text' as const, text: system }] : system.map((block) => withCache<TextPart>({ type: 'text', text: block.text }, block.cache_control));
  return [{ role: 'system', content }];
}

/** Anthropic messages into canonical messages, in order. */
export function convertMessageParams(messages: MessageParamBody[]): Message[] {
  const toolNames = new Map<string, string>();
  return messages.flatMap((message, i): Message[] => {
    const at = `messages.${i}`;
    if (message.role === 'user') return userMessages(message.content, at, toolNames);
    const content: AssistantPart[] =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content.map((block, j) => assistantPart(block, `${at}.content.${j}`, toolNames));
    return [{ role: 'assistant', content }];
  });
}
