import type { CanonicalRequest } from '../core/request.ts';
import type { CanonicalResponse } from '../core/response.ts';
import type { StreamEvent } from '../core/events.ts';
import type { GatewayError } from '../core/errors.ts';
import type { WireFormat } from '../providers/provider-adapter.ts';

/** What a client's request said about how to render the answer, beyond the canonical request. */
export type RenderOptions = {
  /** The model string the client sent, echoed back in responses. */
  requestedModel: string;
  /** OpenAI `stream_options.include_usage`: send a final usage chunk. */
  includeUsage?: boolean;
  /** Format-specific request settings a response must repeat (the Responses API echoes tools, text.format...). */
  echo?: Record<string, unknown>;
};

export type ParsedRequest = { request: CanonicalRequest; render: RenderOptions };

/**
 * One client-facing API format (`/v1/chat/completions`, `/v1/messages`, ...): parses its
 * requests into the canonical request and renders canonical results back in its own shape.
 */
export interface InboundFormat {
  readonly id: WireFormat | 'openai-responses';
  /** Throws GatewayError 400 with the offending field named. */
  parseRequest(body: unknown): ParsedRequest;
  renderResponse(response: CanonicalResponse, options: RenderOptions): unknown;
  /** Canonical events into SSE frames (complete `event:`/`data:` blocks ending in a blank line). */
  renderStream(events: AsyncIterable<StreamEvent>, options: RenderOptions): AsyncIterable<string>;
  renderError(error: GatewayError): { status: number; body: unknown };
}
