import type { Message } from '../core/message.ts';
import type { CanonicalRequest } from '../core/request.ts';
import type { WireFormat } from '../providers/provider-adapter.ts';

/** What the model is told when its own partial answer cannot be given to it as a prefill. */
export const CONTINUE_INSTRUCTION = 'Continue exactly where you left off, without repeating.';

/**
 * Formats whose models continue a trailing assistant message instead of answering it:
 * Anthropic Messages (prefill), Gemini (a trailing `model` turn), Bedrock Converse (Claude
 * prefill). OpenAI Chat models answer a trailing assistant message afresh, so they get the
 * partial answer followed by an explicit instruction.
 */
const prefillFormats: ReadonlySet<WireFormat> = new Set(['anthropic-messages', 'google-generate-content', 'bedrock-converse']);

export type Continuation = {
  request: CanonicalRequest;
  /**
   * The prefill lost trailing whitespace (Anthropic rejects a final assistant turn ending in
   * whitespace), so the model will likely start with the space the client already has.
   */
  stripLeadingWhitespace: boolean;
};

/**
 * The request that asks another provider to carry on from `produced`, the text already
 * streamed to the client. Nothing produced yet: the original request, as is.
 */
export function continuationRequest(request: CanonicalRequest, produced: string, wireFormat: WireFormat): Continuation {
  if (produced === '') return { request, stripLeadingWhitespace: false };
  if (!prefillFormats.has(wireFormat)) {
    const messages: Message[] = [
      ...request.messages,
      { role: 'assistant', content: [{ type: 'text', text: produced }] },
      { role: 'user', content: [{ type: 'text', text: CONTINUE_INSTRUCTION }] },
    ];
    return { request: { ...request, messages }, stripLeadingWhitespace: false };
  }
  const prefill = produced.trimEnd();
  const stripLeadingWhitespace = prefill.length < produced.length;
  if (prefill === '') return { request, stripLeadingWhitespace };
  const last = request.messages.at(-1);
  // The client's own prefill continues: the produced text extends that same assistant turn.
  const messages: Message[] =
    last?.role === 'assistant'
      ? [...request.messages.slice(0, -1), { ...last, content: [...last.content, { type: 'text', text: prefill }] }]
      : [...request.messages, { role: 'assistant', content: [{ type: 'text', text: prefill }] }];
  return { request: { ...request, messages }, stripLeadingWhitespace };
}
