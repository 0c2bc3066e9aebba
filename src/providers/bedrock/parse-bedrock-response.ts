import { GatewayError } from '../../core/errors.ts';
import { randomId } from '../../core/ids.ts';
import type { AssistantPart } from '../../core/message.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import type { BedrockContentBlock, BedrockConverseResponse } from '../../wire/bedrock-converse.ts';
import { convertBedrockUsage } from './convert-bedrock-usage.ts';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.ts';
import { readBedrockStopSequence } from './read-bedrock-stop-sequence.ts';

function isConverseResponse(body: unknown): body is BedrockConverseResponse {
  if (typeof body !== 'object' || body === null) return false;
  const message = (body as Partial<BedrockConverseResponse>).output?.message;
  return typeof message === 'object' && message !== null && Array.isArray(message.content);
}

/** One Converse content block as a canonical part, or undefined for what has none. */
export function convertBedrockBlock(block: BedrockContentBlock): AssistantPart | undefined {
  if ('text' in block) return { type: 'text', text: block.text };
  if ('reasoningContent' in block) {
    const reasoning = block.reasoningContent;
    // Bedrock's redactedContent is a base64 blob; kept as Bedrock sent it so it echoes back byte-exact.
    if ('redactedContent' in reasoning) return { type: 'reasoning', text: '', redacted: reasoning.redactedContent };
    const { text, signature } = reasoning.reasoningText;
    return { type: 'reasoning', text: text ?? '', ...(signature !== undefined ? { signature } : {}) };
  }
  if ('toolUse' in block) {
    // Tools Bedrock runs itself (Nova's code interpreter, `type: server_tool_use`) are not the client's to call.
    if (block.toolUse.type === 'server_tool_use') return undefined;
    return { type: 'tool_call', id: block.toolUse.toolUseId, name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) };
  }
  return undefined;
}

/**
 * A Converse response body as a canonical response. Converse bodies carry no id and no model,
 * so the id is generated and the model left empty (renderers echo the client's model).
 */
export function parseBedrockResponse(body: unknown, now: () => number = Date.now): CanonicalResponse {
  if (!isConverseResponse(body)) {
    throw new GatewayError({ status: 502, code: 'upstream_error', message: 'Bedrock returned a response that is not a Converse message.', provider: 'bedrock' });
  }
  const content: AssistantPart[] = [];
  for (const block of body.output.message.content) {
    const part = convertBedrockBlock(block);
    if (part) content.push(part);
  }
  const response: CanonicalResponse = {
    id: randomId('bedrock-'),
    model: '',
    created: Math.floor(now() / 1000),
    content,
    finishReason: mapBedrockStopReason(body.stopReason),
    usage: convertBedrockUsage(body.usage),
  };
  const stopSequence = readBedrockStopSequence(body.additionalModelResponseFields);
  if (stopSequence !== undefined) response.stopSequence = stopSequence;
  return response;
}
