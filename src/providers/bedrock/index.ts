import type { ProviderAdapter } from '../provider-adapter.ts';
import { buildBedrockRequest } from './build-bedrock-request.ts';
import { parseBedrockError } from './parse-bedrock-error.ts';
import { parseBedrockResponse } from './parse-bedrock-response.ts';
import { parseBedrockStream } from './parse-bedrock-stream.ts';

export { bedrockSettingsFromEnv, type BedrockSettings } from './bedrock-settings.ts';

/** Amazon Bedrock's Converse API (`/model/{id}/converse`, `/converse-stream`) as an upstream provider. */
export const bedrockAdapter = {
  family: 'bedrock',
  // No inbound format speaks Converse, so nothing is passed through untranslated.
  wireFormat: 'bedrock-converse',
  buildRequest: (request, upstreamModel, settings) => buildBedrockRequest(request, upstreamModel, settings),
  parseResponse: (body) => parseBedrockResponse(body),
  parseStream: (body) => parseBedrockStream(body),
  parseError: parseBedrockError,
} satisfies ProviderAdapter;
