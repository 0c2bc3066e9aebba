import { GatewayError } from '../../core/errors.ts';
import type { AssistantPart, CacheControl, ImagePart, Message, TextPart, ToolResultPart } from '../../core/message.ts';
import type {
  BedrockCachePoint,
  BedrockContentBlock,
  BedrockImageFormat,
  BedrockMessage,
  BedrockSystemBlock,
  BedrockToolResultContent,
} from '../../wire/bedrock-converse.ts';

export type BedrockPrompt = { system: BedrockSystemBlock[]; messages: BedrockMessage[] };

const imageFormats: Record<string, BedrockImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * Anthropic's `cache_control` on a block becomes a Converse `cachePoint` block right after it:
 * Bedrock marks breakpoints as separate blocks (usage-cache-write-and-read.vcr.yaml).
 */
export function cachePoint(cacheControl: CacheControl): { cachePoint: BedrockCachePoint } {
  return { cachePoint: { type: 'default', ...(cacheControl.ttl === '1h' ? { ttl: '1h' as const } : {}) } };
}

function withCachePoint<T extends object>(block: T, cacheControl: CacheControl | undefined): Array<T | { cachePoint: BedrockCachePoint }> {
  return cacheControl ? [block, cachePoint(cacheControl)] : [block];
}

function imageBlock(part: ImagePart, provider: string, param: string): { image: { format: BedrockImageFormat; source: { bytes: string } } } {
  // Converse takes image bytes (or S3 objects), never a URL; fetching on the client's behalf would be a surprise.
  if (part.source.kind === 'url') throw GatewayError.unsupported('Images by URL (Bedrock takes image bytes only; send a data: URL)', provider, param);
  const format = imageFormats[part.source.mediaType.toLowerCase()];
  if (!format) throw GatewayError.unsupported(`Image type '${part.source.mediaType}' (Bedrock takes png, jpeg, gif, webp)`, provider, param);
  return { image: { format, source: { bytes: part.source.data } } };
}

function userBlocks(parts: Array<TextPart | ImagePart>, provider: string, param: string): BedrockContentBlock[] {
  return parts.flatMap((part, index): BedrockContentBlock[] => {
    if (part.type === 'image') return withCachePoint(imageBlock(part, provider, `${param}.content[${index}]`), part.cacheControl);
    // Bedrock rejects blank text blocks (ValidationException "text field is blank").
    if (part.text === '') return part.cacheControl ? [cachePoint(part.cacheControl)] : [];
    return withCachePoint({ text: part.text }, part.cacheControl);
  });
}

function toolResultBlock(part: ToolResultPart, provider: string, param: string): BedrockContentBlock[] {
  const content: BedrockToolResultContent[] = [];
  let cache: CacheControl | undefined;
  part.content.forEach((item, index) => {
    if (item.type === 'text') content.push({ text: item.text });
    else content.push(imageBlock(item, provider, `${param}.content[${index}]`));
    cache = item.cacheControl ?? cache;
  });
  const block = { toolResult: { toolUseId: part.toolCallId, content, status: part.isError ? ('error' as const) : ('success' as const) } };
  return withCachePoint(block, cache);
}

function parseToolInput(text: string, param: string): unknown {
  // A call streamed without arguments arrives as ""; Converse wants an object.
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw GatewayError.invalidRequest('Tool call arguments must be valid JSON to be sent to a Bedrock model.', param);
  }
}

function assistantBlocks(parts: AssistantPart[], param: string): BedrockContentBlock[] {
  const blocks: BedrockContentBlock[] = [];
  parts.forEach((part, index) => {
    switch (part.type) {
      case 'text':
        blocks.push(...(part.text === '' ? [] : withCachePoint({ text: part.text }, part.cacheControl)));
        break;
      case 'reasoning':
        if (part.redacted !== undefined) blocks.push({ reasoningContent: { redactedContent: part.redacted } });
        else if (part.signature !== undefined) blocks.push({ reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } });
        // Unsigned reasoning (another provider's, or stripped by the client) cannot be verified by Claude: left out.
        break;
      case 'tool_call':
        blocks.push({ toolUse: { toolUseId: part.id, name: part.name, input: parseToolInput(part.arguments, `${param}.content[${index}].arguments`) } });
        break;
    }
  });
  return blocks;
}

/** Appends a turn, merging it into the previous one of the same role: Converse requires alternation. */
function pushTurn(turns: BedrockMessage[], turn: BedrockMessage): void {
  if (turn.content.length === 0) return;
  const previous = turns[turns.length - 1];
  if (previous?.role === turn.role) previous.content.push(...turn.content);
  else turns.push(turn);
}

/**
 * The canonical conversation as Converse `system` + `messages`: system text leads, tool results
 * become `toolResult` blocks in a user turn, cache breakpoints become `cachePoint` blocks.
 */
export function convertToBedrockMessages(messages: Message[], provider: string): BedrockPrompt {
  const system: BedrockSystemBlock[] = [];
  const turns: BedrockMessage[] = [];
  messages.forEach((message, index) => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        // Converse has one system prompt before the conversation; moving a later one there would change its meaning.
        if (turns.length > 0) throw GatewayError.unsupported('A system message after the conversation has started', provider, param);
        for (const part of message.content) system.push(...withCachePoint({ text: part.text }, part.cacheControl));
        break;
      case 'user':
        pushTurn(turns, { role: 'user', content: userBlocks(message.content, provider, param) });
        break;
      case 'assistant':
        pushTurn(turns, { role: 'assistant', content: assistantBlocks(message.content, param) });
        break;
      case 'tool':
        pushTurn(turns, { role: 'user', content: message.content.flatMap((part, i) => toolResultBlock(part, provider, `${param}.content[${i}]`)) });
        break;
    }
  });
  return { system, messages: turns };
}

/** Whether the conversation carries tool calls or results (Converse then insists on a toolConfig). */
export function hasToolBlocks(messages: BedrockMessage[]): boolean {
  return messages.some((message) => message.content.some((block) => 'toolUse' in block || 'toolResult' in block));
}
