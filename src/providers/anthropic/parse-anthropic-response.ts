import { GatewayError } from '../../core/errors.ts';
import type { AssistantPart } from '../../core/message.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import type { AnthropicMessage } from '../../wire/anthropic-messages.ts';
import { convertAnthropicUsage } from './convert-anthropic-usage.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

function isAnthropicMessage(body: unknown): body is AnthropicMessage {
  if (typeof body !== 'object' || body === null) return false;
  const message = body as Partial<AnthropicMessage>;
  return typeof message.id === 'string' && Array.isArray(message.content);
}

/**
 * A Messages API response body as a canonical response. Server tool blocks (web_search,
 * web_fetch, code execution results) are Anthropic's own business within the turn and have
 * no canonical part; they are skipped, as are block types added after this was written.
 */
export function parseAnthropicResponse(body: unknown, now: () => number = Date.now): CanonicalResponse {
  if (!isAnthropicMessage(body)) {
    throw new GatewayError({ status: 502, code: 'upstream_error', message: 'Anthropic returned a response that is not a message.', provider: 'anthropic' });
  }
  const content: AssistantPart[] = [];
  for (const block of body.content) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: (block as { text: string }).text });
        break;
      case 'thinking': {
        const { thinking, signature } = block as { thinking: string; signature: string };
        content.push({ type: 'reasoning', text: thinking, signature });
        break;
      }
      case 'redacted_thinking':
        content.push({ type: 'reasoning', text: '', redacted: (block as { data: string }).data });
        break;
      case 'tool_use': {
        const { id, name, input } = block as { id: string; name: string; input: unknown };
        content.push({ type: 'tool_call', id, name, arguments: JSON.stringify(input ?? {}) });
        break;
      }
    }
  }
  const response: CanonicalResponse = {
    id: body.id,
    model: body.model,
    created: Math.floor(now() / 1000),
    content,
    finishReason: mapAnthropicStopReason(body.stop_reason),
    usage: convertAnthropicUsage(body.usage ?? {}),
  };
  if (body.stop_sequence) response.stopSequence = body.stop_sequence;
  return response;
}
