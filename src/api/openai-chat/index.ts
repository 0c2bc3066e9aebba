import type { InboundFormat } from '../inbound-format.ts';
import { renderOpenAiError } from '../shared/render-openai-error.ts';
import { parseChatRequest } from './parse-chat-request.ts';
import { renderChatResponse } from './render-chat-response.ts';
import { renderChatStream } from './render-chat-stream.ts';

/** `POST /v1/chat/completions`: OpenAI's Chat Completions format. */
export const openAiChatFormat: InboundFormat = {
  id: 'openai-chat',
  parseRequest: parseChatRequest,
  renderResponse: renderChatResponse,
  renderStream: renderChatStream,
  renderError: renderOpenAiError,
};
