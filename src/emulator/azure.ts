import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedError, type Dialect, type RenderedError } from './dialect.ts';
import type { EmulatorState } from './emulator-state.ts';
import { handleEmbeddings } from './embeddings.ts';
import { handleCall } from './handle-call.ts';
import { sendBody } from './http-io.ts';
import { openaiChat } from './openai-chat.ts';

export type AzureOptions = { state: EmulatorState; chunkDelayMs: number; signal: AbortSignal };

const pathPattern = /^\/azure\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;
/** `2024-10-21`, `2025-04-01-preview`: the shape of Azure OpenAI data-plane versions. */
const apiVersionPattern = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

const safe = { filtered: false, severity: 'safe' };
const filterResults = { hate: safe, self_harm: safe, sexual: safe, violence: safe };
const promptFilterResults = [{ prompt_index: 0, content_filter_results: { ...filterResults, jailbreak: { filtered: false, detected: false } } }];

/**
 * Azure's error bodies: `{error: {code, message}}` with string codes (`"401"`, `"429"`,
 * `DeploymentNotFound`); other 4xx/5xx are OpenAI-shaped, as Azure relays them.
 */
function renderAzureError(error: EmulatedError, apiVersion: string): RenderedError {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  const body = (code: string, message: string): RenderedError => ({ headers, body: JSON.stringify({ error: { code, message } }) });
  switch (error.reason) {
    case 'missing_key':
    case 'invalid_key':
      return body(
        '401',
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      );
    case 'model_not_found':
      return body('DeploymentNotFound', `The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.`);
    case 'not_found':
      return body('404', 'Resource not found');
  }
  if (error.reason === 'injected' && error.status === 429) {
    const wait = error.retryAfter ?? 1;
    return body(
      '429',
      `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${wait} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
    );
  }
  return openaiChat.renderError(error);
}

/**
 * Azure OpenAI's Chat Completions for one deployment: the model is the deployment (the body's
 * `model` is ignored), the key comes in `api-key`, a stream opens with the
 * `prompt_filter_results` chunk and whole answers carry content-filter annotations.
 */
function azureDialect(deployment: string, apiVersion: string): Dialect {
  return {
    ...openaiChat,
    provider: 'azure',
    apiKey(headers) {
      const key = headers['api-key'];
      return typeof key === 'string' && key !== '' ? key : undefined;
    },
    parse: (body, route) => openaiChat.parse(typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, model: deployment } : body, route),
    headers: () => ({
      ...openaiChat.headers(),
      'apim-request-id': randomUUID(),
      'x-ms-region': 'East US',
      'x-ms-deployment-name': deployment,
      'azureml-model-session': 'd001-20250101000000',
    }),
    renderJson(call) {
      const answer = openaiChat.renderJson(call) as { choices: Array<Record<string, unknown>> };
      return { ...answer, choices: answer.choices.map((choice) => ({ ...choice, content_filter_results: filterResults })), prompt_filter_results: promptFilterResults };
    },
    *renderStream(call) {
      // The first frame has no id, model or choices: only the prompt's filter results.
      yield `data: ${JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilterResults })}\n\n`;
      yield* openaiChat.renderStream(call);
    },
    renderError: (error) => renderAzureError(error, apiVersion),
  };
}

/**
 * Everything under `/azure`: `POST /azure/openai/deployments/{deployment}/chat/completions` and
 * `/embeddings`, each needing `?api-version=` (missing: Azure's 404; malformed: its 400). A
 * deployment whose name starts with `missing` does not exist (404 `DeploymentNotFound`).
 */
export async function handleAzureRequest(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, options: AzureOptions): Promise<void> {
  const match = pathPattern.exec(url.pathname);
  const deployment = match ? decodeURIComponent(match[1]) : '';
  const apiVersion = url.searchParams.get('api-version') ?? '';
  const refuse = (status: number, code: string, message: string): void => {
    options.state.record({ provider: 'azure', method: req.method ?? 'POST', path: url.pathname + url.search, headers: req.headers, body: raw === '' ? null : raw });
    sendBody(res, status, { 'content-type': 'application/json', 'apim-request-id': randomUUID() }, JSON.stringify({ error: { code, message } }));
  };
  if (req.method !== 'POST' || !match) return refuse(404, '404', 'Resource not found');
  if (apiVersion === '') return refuse(404, '404', 'Resource not found');
  if (!apiVersionPattern.test(apiVersion)) return refuse(400, 'BadRequest', 'API version not supported');

  const dialect = azureDialect(deployment, apiVersion);
  if (match[2] === 'embeddings') return handleEmbeddings(req, res, url, raw, { kind: 'openai', dialect, model: deployment }, options);
  return handleCall(req, res, url, raw, { dialect, model: deployment, sse: true }, options);
}
