import type { InboundFormat } from '../inbound-format.ts';
import { parseMessagesRequest } from './parse-messages-request.ts';
import { renderError } from './render-error.ts';
import { renderResponse } from './render-response.ts';
import { renderStream } from './render-stream.ts';

/** The Anthropic Messages API (`POST /v1/messages`), so agents built on `@anthropic-ai/sdk` can use any model. */
export const anthropicMessagesFormat: InboundFormat = {
  id: 'anthropic-messages',
  parseRequest: parseMessagesRequest,
  renderResponse,
  renderStream,
  renderError,
};
