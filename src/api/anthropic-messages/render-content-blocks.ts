import type { AssistantPart, ReasoningPart } from '../../core/message.ts';
import type {
  AnthropicRedactedThinkingBlock,
  AnthropicTextBlock,
  AnthropicThinkingBlock,
  AnthropicToolUseBlock,
} from '../../wire/anthropic-messages.ts';

export type RenderedBlock = AnthropicTextBlock | AnthropicThinkingBlock | AnthropicRedactedThinkingBlock | AnthropicToolUseBlock;

/**
 * Tool arguments as the `input` object Anthropic clients expect. A model that produced no
 * arguments gives `{}` (OpenAI streams "" for argument-less calls). Arguments that are not a
 * JSON object (a call cut off by max_tokens) also give `{}`: the SDK's types promise an object,
 * and a streaming client still sees the raw text in its `input_json_delta`s.
 */
export function toolInput(args: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(args);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  return {};
}

/**
 * Reasoning as a thinking block. Reasoning from models that do not sign it (OpenAI-compatible,
 * DeepSeek) gets `signature: ''`: the SDK types require a string, and an empty one echoed
 * back parses as unsigned reasoning again (convert-message-params.ts).
 */
export function thinkingBlock(part: ReasoningPart): AnthropicThinkingBlock | AnthropicRedactedThinkingBlock {
  if (part.redacted !== undefined) return { type: 'redacted_thinking', data: part.redacted };
  return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
}

/** A canonical answer's parts as Anthropic response content blocks. Empty text parts are left out: Anthropic rejects them when echoed back. */
export function renderContentBlocks(parts: AssistantPart[]): RenderedBlock[] {
  const blocks: RenderedBlock[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        if (part.text !== '') blocks.push({ type: 'text', text: part.text });
        break;
      case 'reasoning':
        blocks.push(thinkingBlock(part));
        break;
      case 'tool_call':
        blocks.push({ type: 'tool_use', id: part.id, name: part.name, input: toolInput(part.arguments) });
        break;
    }
  }
  return blocks;
}
