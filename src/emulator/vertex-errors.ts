import type { IncomingHttpHeaders } from 'node:http';
import { EmulatedError, type RenderedError } from './dialect.ts';
import type { GoogleOAuth } from './google-oauth.ts';

/** Which model a Vertex call names: its project, location, publisher and model from the path. */
export type VertexTarget = { project: string; location: string; publisher: string; model: string; method: string };

/** An error Vertex itself raises (auth, routing, request envelope, quota), as opposed to the model's own. */
export class VertexError extends EmulatedError {}

const authMessage =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** The OAuth bearer token of a request, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() || undefined : undefined;
}

/** 401 unless the bearer token was issued by the emulator's token endpoint and has not expired. */
export function checkVertexToken(headers: IncomingHttpHeaders, oauth: GoogleOAuth): EmulatedError | undefined {
  const token = bearerToken(headers);
  if (token === undefined) return new VertexError({ status: 401, reason: 'missing_key' });
  return oauth.holderOf(token) === undefined ? new VertexError({ status: 401, reason: 'invalid_key' }) : undefined;
}

/** Whether Vertex, not the publisher's model, answers this error (so it takes Google's shape). */
export function isVertexLevel(error: EmulatedError): boolean {
  return error instanceof VertexError || ['missing_key', 'invalid_key', 'model_not_found', 'not_found'].includes(error.reason) || error.status === 429;
}

const statusNames: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

/** Google's `{error: {code, message, status, details?}}`, with Vertex's wording. */
export function renderVertexError(error: EmulatedError, target: VertexTarget | undefined): RenderedError {
  const status = statusNames[error.status] ?? (error.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
  let message = error.message;
  let details: unknown[] | undefined;
  switch (error.reason) {
    case 'missing_key':
    case 'invalid_key':
      message = authMessage;
      details = [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: error.reason === 'missing_key' ? 'CREDENTIALS_MISSING' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
          domain: 'googleapis.com',
          metadata: { service: 'aiplatform.googleapis.com', method: `google.cloud.aiplatform.v1.PredictionService.${methodName(target?.method)}` },
        },
      ];
      break;
    case 'model_not_found': {
      const name = target ? `projects/${target.project}/locations/${target.location}/publishers/${target.publisher}/models/${target.model}` : `models/${error.model}`;
      message = `Publisher Model \`${name}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`;
      break;
    }
    case 'invalid_json':
      message = 'Invalid JSON payload received. Unexpected token.';
      break;
    case 'injected':
      message =
        error.status === 429
          ? 'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.'
          : `Injected error with status ${error.status}.`;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return { headers, body: JSON.stringify({ error: { code: error.status, message, status, ...(details ? { details } : {}) } }, null, 2) + '\n' };
}

function methodName(method: string | undefined): string {
  if (!method) return 'Predict';
  return method.charAt(0).toUpperCase() + method.slice(1);
}
