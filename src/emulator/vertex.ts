import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicMessages } from './anthropic-messages.ts';
import { EmulatedError, type Dialect } from './dialect.ts';
import type { EmulatorState } from './emulator-state.ts';
import { gemini } from './gemini.ts';
import type { GoogleOAuth } from './google-oauth.ts';
import { handleCall } from './handle-call.ts';
import { sendBody } from './http-io.ts';
import { bearerToken, checkVertexToken, isVertexLevel, renderVertexError, VertexError, type VertexTarget } from './vertex-errors.ts';
import { handleVertexPredict } from './vertex-predict.ts';

export type VertexOptions = { state: EmulatorState; oauth: GoogleOAuth; chunkDelayMs: number; signal: AbortSignal };

/** Claude on Vertex names the Messages API version in the body; no other value is accepted. */
export const vertexAnthropicVersion = 'vertex-2023-10-16';

const pathPattern = /^\/vertex\/(?:v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/([^/]+)\/models\/([^/:]+):([A-Za-z]+)$/;

/** The project, location, publisher, model and method a Vertex path names. */
export function vertexTarget(path: string): VertexTarget | undefined {
  const match = pathPattern.exec(path);
  if (!match) return undefined;
  const [, project, location, publisher, model, method] = match.map((part) => decodeURIComponent(part ?? ''));
  return { project, location, publisher, model, method };
}

/** Gemini through Vertex: the Gemini dialect with OAuth instead of an API key and Vertex's own errors. */
function vertexGemini(target: VertexTarget, oauth: GoogleOAuth): Dialect {
  return {
    ...gemini,
    provider: 'vertex',
    apiKey: bearerToken,
    checkHeaders: (headers) => checkVertexToken(headers, oauth),
    renderError: (error) => (isVertexLevel(error) ? renderVertexError(error, target) : gemini.renderError(error)),
  };
}

/**
 * Claude through Vertex (`rawPredict` / `streamRawPredict`): the Messages body, but with
 * `anthropic_version: 'vertex-2023-10-16'` in it and the model in the URL only. Vertex's own
 * refusals (auth, envelope, quota) come in Google's shape; the model's in Anthropic's.
 */
function vertexClaude(target: VertexTarget, oauth: GoogleOAuth): Dialect {
  return {
    ...anthropicMessages,
    provider: 'vertex',
    apiKey: bearerToken,
    checkHeaders: (headers) => checkVertexToken(headers, oauth),
    parse(body, route) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw envelope('Invalid JSON payload received. Expected an object.');
      const fields = body as Record<string, unknown>;
      if (fields.anthropic_version !== vertexAnthropicVersion) {
        throw envelope(`anthropic_version: Input should be '${vertexAnthropicVersion}' (got ${JSON.stringify(fields.anthropic_version ?? null)}).`);
      }
      if ('model' in fields) throw envelope('model: Extra inputs are not permitted (on Vertex AI the model is named in the URL).');
      return anthropicMessages.parse({ ...fields, model: target.model }, route);
    },
    renderError: (error) => (isVertexLevel(error) ? renderVertexError(error, target) : anthropicMessages.renderError(error)),
  };
}

function envelope(message: string): VertexError {
  return new VertexError({ status: 400, reason: 'invalid_request', message });
}

/**
 * Everything under `/vertex`: `…/publishers/google/models/{m}:generateContent` and
 * `:streamGenerateContent` (`?alt=sse` for SSE), `…/publishers/anthropic/models/{m}:rawPredict`
 * and `:streamRawPredict`, and `…/publishers/google/models/{m}:predict` (embeddings). Every call
 * needs a bearer token from the emulator's Google OAuth endpoint.
 */
export async function handleVertexRequest(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, options: VertexOptions): Promise<void> {
  const target = vertexTarget(url.pathname);
  const method = req.method ?? 'GET';
  if (method === 'POST' && target?.publisher === 'google' && (target.method === 'generateContent' || target.method === 'streamGenerateContent')) {
    const stream = target.method === 'streamGenerateContent';
    const route = { dialect: vertexGemini(target, options.oauth), model: target.model, stream, sse: stream && url.searchParams.get('alt') === 'sse' };
    return handleCall(req, res, url, raw, route, options);
  }
  if (method === 'POST' && target?.publisher === 'anthropic' && (target.method === 'rawPredict' || target.method === 'streamRawPredict')) {
    return handleCall(req, res, url, raw, { dialect: vertexClaude(target, options.oauth), model: target.model, sse: true }, options);
  }
  if (method === 'POST' && target?.publisher === 'google' && target.method === 'predict') return handleVertexPredict(req, res, url, raw, target, options);

  options.state.record({ provider: 'vertex', method, path: url.pathname + url.search, headers: req.headers, body: raw === '' ? null : raw });
  const rendered = renderVertexError(new EmulatedError({ status: 404, reason: 'not_found', message: `The emulator has no Vertex AI route ${method} ${url.pathname}.` }), target);
  sendBody(res, 404, { ...gemini.headers(), ...rendered.headers }, rendered.body);
}
