import type { ReasoningPart } from '../../core/message.ts';

/**
 * A reasoning item's `encrypted_content` carries whatever opaque state the model needs back on
 * the next turn; clients treat it as a blob and return it unchanged (the stateless pattern of
 * `include: ['reasoning.encrypted_content']`, fixtures/openai-responses/interleaved-reasoning-tool-calls.vcr.yaml).
 * Canonical reasoning has two kinds of blob: `redacted` (Anthropic redacted_thinking, or
 * another API's encrypted reasoning) travels as is; `signature` (Anthropic thinking signature,
 * Gemini thoughtSignature) is tagged so it comes back as a signature. `:` never occurs in the
 * base64 these providers use, so the tag cannot collide with a genuine blob.
 */
const signatureTag = 'sig:';

/** The `encrypted_content` for a canonical reasoning part, if it carries opaque state. */
export function encodeReasoningState(part: Pick<ReasoningPart, 'signature' | 'redacted'>): string | undefined {
  if (part.redacted !== undefined) return part.redacted;
  if (part.signature !== undefined) return signatureTag + part.signature;
  return undefined;
}

/** The canonical fields an `encrypted_content` sent back by a client stands for. */
export function decodeReasoningState(encrypted: string): Pick<ReasoningPart, 'signature' | 'redacted'> {
  return encrypted.startsWith(signatureTag) ? { signature: encrypted.slice(signatureTag.length) } : { redacted: encrypted };
}
