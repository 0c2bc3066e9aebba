import type { InboundFormat } from '../inbound-format.ts';
import { renderOpenAiError } from '../shared/render-openai-error.ts';
import { parseResponsesRequest } from './parse-responses-request.ts';
import { renderResponsesResponse } from './render-responses-response.ts';
import { renderResponsesStream } from './render-responses-stream.ts';

/**
 * `POST /v1/responses`, the OpenAI Responses API, served statelessly: the client sends the whole
 * conversation every time (`store: false` style), so any model behind the gateway can answer.
 */
export const openAiResponsesFormat: InboundFormat = {
  id: 'openai-responses',
  parseRequest: parseResponsesRequest,
  renderResponse: renderResponsesResponse,
  renderStream: renderResponsesStream,
  renderError: renderOpenAiError,
};
