import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedError } from './dialect.ts';
import type { EmulatorState } from './emulator-state.ts';
import { deterministicVector } from './embeddings.ts';
import { gemini } from './gemini.ts';
import type { GoogleOAuth } from './google-oauth.ts';
import { parseJsonBody, sendBody } from './http-io.ts';
import { faultBeforeWholeAnswer } from './call-fault.ts';
import { countTokens } from './tokens.ts';
import { checkVertexToken, renderVertexError, VertexError, type VertexTarget } from './vertex-errors.ts';

/** Full vector sizes of Vertex's embedding models; others get 768. */
const fullDimensions: Record<string, number> = { 'gemini-embedding-001': 3072, 'text-embedding-005': 768, 'text-embedding-004': 768, 'text-multilingual-embedding-002': 768 };

/**
 * Vertex text embeddings, `…/publishers/google/models/{m}:predict` with `instances: [{content}]`
 * and `parameters.outputDimensionality`: `{predictions: [{embeddings: {values, statistics}}]}`.
 * gemini-embedding-001 takes one instance per call, as on the real service. Vectors are the
 * emulator's deterministic ones, truncated (not re-normalised) for a smaller size.
 */
export async function handleVertexPredict(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: string,
  target: VertexTarget,
  options: { state: EmulatorState; oauth: GoogleOAuth; signal: AbortSignal },
): Promise<void> {
  // Not JSON: recorded as its text, then refused as invalid_json below.
  const { body } = parseJsonBody(raw);
  options.state.record({ provider: 'vertex', method: 'POST', path: url.pathname, headers: req.headers, body: body ?? null });
  const reply = (error: EmulatedError): void => {
    const rendered = renderVertexError(error, target);
    sendBody(res, error.status, { ...gemini.headers(), ...rendered.headers }, rendered.body);
  };

  const early = await faultBeforeWholeAnswer(req, res, { state: options.state, provider: 'vertex', model: target.model, signal: options.signal });
  if (early === 'ended') return;
  if (early) return reply(early);

  const authError = checkVertexToken(req.headers, options.oauth);
  if (authError) return reply(authError);
  if (typeof body !== 'object' || body === null) return reply(new EmulatedError({ status: 400, reason: 'invalid_json' }));
  const { instances, parameters } = body as { instances?: unknown; parameters?: { outputDimensionality?: unknown } };
  if (!Array.isArray(instances) || instances.length === 0) return reply(invalid('instances: at least one instance is required.'));
  if (target.model.startsWith('missing')) return reply(new EmulatedError({ status: 404, reason: 'model_not_found', model: target.model }));
  if (target.model.startsWith('gemini-embedding') && instances.length > 1) {
    return reply(invalid(`Unable to submit request because the model ${target.model} supports only 1 instance per request. Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api`));
  }
  const full = fullDimensions[target.model] ?? 768;
  const wanted = parameters?.outputDimensionality;
  const size = typeof wanted === 'number' && Number.isInteger(wanted) && wanted > 0 ? Math.min(wanted, full) : full;
  let characters = 0;
  const predictions = [];
  for (const [index, instance] of instances.entries()) {
    const content = (instance as { content?: unknown } | null)?.content;
    if (typeof content !== 'string') return reply(invalid(`instances[${index}].content: a string is required.`));
    characters += content.length;
    predictions.push({ embeddings: { statistics: { truncated: false, token_count: countTokens(content) }, values: deterministicVector(content, full).slice(0, size) } });
  }
  const answer = { predictions, metadata: { billableCharacterCount: characters } };
  sendBody(res, 200, { ...gemini.headers(), 'content-type': 'application/json; charset=UTF-8' }, JSON.stringify(answer, null, 2));
}

function invalid(message: string): VertexError {
  return new VertexError({ status: 400, reason: 'invalid_request', message });
}
