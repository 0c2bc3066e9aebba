import type { MistralContentChunk } from '../../wire/openai-chat.ts';

export type ContentPiece = { kind: 'text' | 'reasoning'; text: string };

/**
 * Message or delta `content` as ordered pieces. OpenAI sends a string; Mistral's magistral
 * models send typed chunks with thinking in its own chunk (fixtures/mistral/reasoning-magistral.json).
 */
export function readOpenAiContent(content: string | MistralContentChunk[] | null | undefined): ContentPiece[] {
  if (typeof content === 'string') return content ? [{ kind: 'text', text: content }] : [];
  if (!Array.isArray(content)) return [];
  const pieces: ContentPiece[] = [];
  for (const chunk of content) {
    if (chunk.type === 'text' && chunk.text) pieces.push({ kind: 'text', text: chunk.text });
    else if (chunk.type === 'thinking' && Array.isArray(chunk.thinking)) {
      const text = chunk.thinking.map((part) => (part.type === 'text' ? part.text : '')).join('');
      if (text) pieces.push({ kind: 'reasoning', text });
    }
  }
  return pieces;
}

/** DeepSeek and xAI name the reasoning `reasoning_content`; Groq and OpenRouter name it `reasoning`. */
export function readOpenAiReasoning(source: { reasoning_content?: string | null; reasoning?: string | null }): string {
  const text = source.reasoning_content ?? source.reasoning;
  return typeof text === 'string' ? text : '';
}
