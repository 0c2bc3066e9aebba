export { parseEmbeddingsRequest } from './parse-embeddings-request.ts';
export { renderEmbeddingsResponse, type OpenAiEmbeddingsBody } from './render-embeddings-response.ts';
