import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedError, type Dialect } from './dialect.ts';
import type { EmulatorState } from './emulator-state.ts';
import { gemini } from './gemini.ts';
import { parseJsonBody, sendBody } from './http-io.ts';
import { openaiChat } from './openai-chat.ts';
import { faultBeforeWholeAnswer } from './call-fault.ts';
import { countTokens } from './tokens.ts';

/** Which embeddings call a path is: OpenAI's `/embeddings`, or Gemini's batch or single call. */
export type EmbeddingsRoute =
  /** `dialect` and a path `model` for OpenAI-shaped endpoints of other providers (Azure deployments, Groq...). */
  | { kind: 'openai'; dialect?: Dialect; model?: string }
  | { kind: 'gemini-batch' | 'gemini-single'; model: string };

/** The embeddings route a POST path names, if any. */
export function embeddingsRoute(method: string, path: string): EmbeddingsRoute | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/openai/v1/embeddings') return { kind: 'openai' };
  const google = /^\/google\/v1(?:beta)?\/models\/([^/:]+):(batchEmbedContents|embedContent)$/.exec(path);
  if (google) return { kind: google[2] === 'batchEmbedContents' ? 'gemini-batch' : 'gemini-single', model: decodeURIComponent(google[1]) };
  return undefined;
}

/** Full vector sizes of the models the emulator knows; others get the provider's usual size. */
const fullDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  'gemini-embedding-001': 3072,
  'text-embedding-004': 768,
  'embedding-001': 768,
};

function dimensionsOf(model: string, provider: 'openai' | 'google'): number {
  return fullDimensions[model] ?? (provider === 'openai' ? 1536 : 768);
}

/** A unit vector of `size` derived from SHA-256 of the input: the same text always embeds the same. */
export function deterministicVector(input: string, size: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < size; block++) {
    const digest = createHash('sha256').update(`${block}:${input}`).digest();
    for (let i = 0; i < digest.length && values.length < size; i += 4) values.push(digest.readUInt32LE(i) / 0xffffffff - 0.5);
  }
  return unit(values);
}

function unit(values: number[]): number[] {
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? values : values.map((value) => value / norm);
}

/**
 * An embeddings call, failing in the order a real provider would: injected fault, key, JSON,
 * fields, model. Vectors are deterministic unit vectors; a shorter `dimensions` is Matryoshka
 * truncation, re-normalised by OpenAI but not by Gemini (as the real APIs behave).
 */
export async function handleEmbeddings(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: string,
  route: EmbeddingsRoute,
  options: { state: EmulatorState; signal: AbortSignal },
): Promise<void> {
  const dialect: Dialect = route.kind === 'openai' ? (route.dialect ?? openaiChat) : gemini;
  const { body, json } = parseJsonBody(raw);
  options.state.record({ provider: dialect.provider, method: 'POST', path: url.pathname, headers: req.headers, body: body ?? null });
  const reply = (error: EmulatedError): void => {
    const rendered = dialect.renderError(error);
    sendBody(res, error.status, { ...dialect.headers(), ...rendered.headers }, rendered.body);
  };
  const model = route.kind === 'openai' ? (route.model ?? String((body as { model?: unknown } | undefined)?.model ?? '')) : route.model;

  const early = await faultBeforeWholeAnswer(req, res, { state: options.state, provider: dialect.provider, model, signal: options.signal });
  if (early === 'ended') return;
  if (early) return reply(early);

  try {
    const key = dialect.apiKey(req.headers, url);
    if (key === undefined) throw new EmulatedError({ status: route.kind === 'openai' ? 401 : 403, reason: 'missing_key' });
    if (key.startsWith('invalid')) throw new EmulatedError({ status: route.kind === 'openai' ? 401 : 400, reason: 'invalid_key' });
    if (!json || typeof body !== 'object' || body === null) throw new EmulatedError({ status: 400, reason: 'invalid_json' });
    const answer =
      route.kind === 'openai' ? openAiEmbeddings({ ...(body as Record<string, unknown>), ...(route.model ? { model: route.model } : {}) }) : geminiEmbeddings(body as Record<string, unknown>, route);
    sendBody(res, 200, { ...dialect.headers(), 'content-type': 'application/json' }, JSON.stringify(answer, null, 2));
  } catch (error) {
    if (error instanceof EmulatedError) return reply(error);
    throw error;
  }
}

function invalid(message: string, param?: string): EmulatedError {
  return new EmulatedError({ status: 400, reason: 'invalid_request', message, param });
}

/** OpenAI `POST /v1/embeddings`: string, strings, or token arrays; `dimensions`; `encoding_format`. */
function openAiEmbeddings(body: Record<string, unknown>): unknown {
  const { model, input, dimensions, encoding_format: format } = body;
  if (typeof model !== 'string' || model === '') throw invalid('you must provide a model parameter', 'model');
  const inputs = openAiInputs(input);
  if (model.startsWith('missing')) throw new EmulatedError({ status: 404, reason: 'model_not_found', model });
  const full = dimensionsOf(model, 'openai');
  let size = full;
  if (dimensions !== undefined && dimensions !== null) {
    if (model === 'text-embedding-ada-002') throw invalid('This model does not support specifying dimensions.', 'dimensions');
    if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > full) throw invalid(`Invalid 'dimensions': must be between 1 and ${full}.`, 'dimensions');
    size = dimensions;
  }
  if (format !== undefined && format !== null && format !== 'float' && format !== 'base64') throw invalid(`Invalid value for 'encoding_format': '${String(format)}'.`, 'encoding_format');
  let tokens = 0;
  const data = inputs.map((item, index) => {
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    tokens += typeof item === 'string' ? countTokens(item) : item.length;
    const vector = unit(deterministicVector(text, full).slice(0, size));
    return { object: 'embedding', index, embedding: format === 'base64' ? float32Base64(vector) : vector };
  });
  return { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function openAiInputs(input: unknown): Array<string | number[]> {
  const isTokens = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((n) => Number.isInteger(n) && n >= 0);
  if (typeof input === 'string' && input !== '') return [input];
  if (isTokens(input)) return [input];
  if (Array.isArray(input) && input.length > 0 && input.length <= 2048) {
    if (input.every((item) => typeof item === 'string' && item !== '')) return input as string[];
    if (input.every(isTokens)) return input;
  }
  throw invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input');
}

function float32Base64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

type GeminiEmbedRequest = { model?: unknown; content?: { parts?: Array<{ text?: unknown }> }; outputDimensionality?: unknown };

/** Gemini `:batchEmbedContents` (`requests`, each naming `models/{model}`) and `:embedContent`. */
function geminiEmbeddings(body: Record<string, unknown>, route: { kind: 'gemini-batch' | 'gemini-single'; model: string }): unknown {
  const requests = route.kind === 'gemini-batch' ? body.requests : [body];
  if (!Array.isArray(requests) || requests.length === 0) throw invalid('* BatchEmbedContentsRequest.requests: contents is not specified');
  if (requests.length > 100) throw invalid('* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch');
  if (route.model.startsWith('missing')) throw new EmulatedError({ status: 404, reason: 'model_not_found', model: route.model });
  const full = dimensionsOf(route.model, 'google');
  const vectors = (requests as GeminiEmbedRequest[]).map((request, index) => {
    if (route.kind === 'gemini-batch' && request.model !== `models/${route.model}`) {
      throw invalid(`Model in requests[${index}] (${String(request.model)}) does not match the model in the URL (models/${route.model}).`);
    }
    const parts = request.content?.parts;
    if (!Array.isArray(parts) || parts.length === 0) throw invalid(`* EmbedContentRequest.content: contents is not specified`);
    const text = parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
    const wanted = request.outputDimensionality;
    const size = typeof wanted === 'number' && Number.isInteger(wanted) && wanted > 0 ? Math.min(wanted, full) : full;
    // Truncated, not re-normalised: Google asks callers to normalise non-default sizes themselves.
    return { values: deterministicVector(text, full).slice(0, size) };
  });
  return route.kind === 'gemini-batch' ? { embeddings: vectors } : { embedding: vectors[0] };
}
