import type { ProviderAdapter } from '../provider-adapter.ts';
import { buildGeminiRequest } from './build-gemini-request.ts';
import { parseGeminiError } from './parse-gemini-error.ts';
import { parseGeminiResponse } from './parse-gemini-response.ts';
import { parseGeminiStream } from './parse-gemini-stream.ts';

/** Google Gemini (Generative Language API: generateContent / streamGenerateContent) as an upstream. */
export const googleAdapter = {
  family: 'google',
  wireFormat: 'google-generate-content',
  buildRequest: buildGeminiRequest,
  parseResponse: parseGeminiResponse,
  parseStream: parseGeminiStream,
  parseError: (status, headers, body, settings) => parseGeminiError(status, headers, body, settings.id),
} satisfies ProviderAdapter;

export { parseGeminiJsonArrayStream } from './parse-gemini-stream.ts';
