import { randomId } from '../../core/ids.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import type { AnthropicMessage } from '../../wire/anthropic-messages.ts';
import type { RenderOptions } from '../inbound-format.ts';
import { mapStopReason, stopSequenceFor } from './map-stop-reason.ts';
import { renderContentBlocks } from './render-content-blocks.ts';
import { renderUsage } from './render-usage.ts';

/** Anthropic message ids start with `msg_`; an upstream's own id is kept when it already does. */
export function messageId(id: string): string {
  return id.startsWith('msg_') ? id : randomId('msg_');
}

/** A whole canonical response as an Anthropic `message` object. */
export function renderResponse(response: CanonicalResponse, options: RenderOptions): AnthropicMessage {
  return {
    id: messageId(response.id),
    type: 'message',
    role: 'assistant',
    model: options.requestedModel,
    content: renderContentBlocks(response.content),
    stop_reason: mapStopReason(response.finishReason),
    stop_sequence: stopSequenceFor(response.finishReason, response.stopSequence),
    usage: renderUsage(response.usage),
  };
}
