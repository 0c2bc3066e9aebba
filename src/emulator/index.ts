import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicMessages } from './anthropic-messages.ts';
import { handleControl } from './control-api.ts';
import { EmulatedError, type Dialect } from './dialect.ts';
import { EmulatorState, type RecordedRequest } from './emulator-state.ts';
import type { Fault, ProviderName } from './faults.ts';
import { gemini, geminiModelList } from './gemini.ts';
import { handleCall, type CallRoute } from './handle-call.ts';
import { readBody, sendBody, sendJson } from './http-io.ts';
import { openaiChat } from './openai-chat.ts';
import { embeddingsRoute, handleEmbeddings } from './embeddings.ts';
import { handleBedrockRequest } from './bedrock/handle-bedrock-request.ts';
import { handleBedrockInvoke, isBedrockInvokePath } from './bedrock/handle-bedrock-invoke.ts';
import { GoogleOAuth } from './google-oauth.ts';
import { handleVertexRequest } from './vertex.ts';
import { handleAzureRequest } from './azure.ts';
import { compatibleEnv, compatibleRoute } from './compatible-routes.ts';
import { EmulatedJobs } from './emulated-jobs.ts';
import { handleReplicateRequest } from './replicate.ts';
import { handleVeoRequest, isVeoRequest } from './veo.ts';
import { handleMediaRequest, mediaEnv, mediaRoute } from './media/index.ts';

export type { Fault, ProviderName } from './faults.ts';
export type { RecordedRequest } from './emulator-state.ts';

export type EmulatorOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Delay between stream events when no fault asks for another; 0 by default. */
  chunkDelayMs?: number;
  /** How long an emulated Replicate prediction or Veo operation takes to finish; 300 ms by default. */
  jobDelayMs?: number;
};

/** A running emulator. The control methods do in-process what the `/_emulator/*` API does over HTTP. */
export type Emulator = {
  url: string;
  port: number;
  close(): Promise<void>;
  requests(): RecordedRequest[];
  clearRequests(): void;
  injectFault(fault: Fault, match?: { provider?: ProviderName; model?: string; times?: number }): void;
  clearFaults(): void;
  setReply(text: string, provider?: ProviderName): void;
  reset(): void;
  /** Checks JWT assertions from this service account against its public key (PEM) at the Google OAuth token endpoint. */
  trustServiceAccount(clientEmail: string, publicKeyPem: string): void;
  /** How many access tokens the Google OAuth token endpoint has issued (kept across `reset()`, as the tokens stay valid). */
  oauthTokensIssued(): number;
};

/**
 * The base URLs SDKs and the gateway use to reach the emulator, as environment variables: one
 * per provider. Credentials are not included; Vertex also needs a service-account key file whose
 * `token_uri` is `<url>/google-oauth/token` (see test/e2e/stack.ts).
 */
export function emulatorEnv(url: string) {
  return {
    OPENAI_BASE_URL: `${url}/openai/v1`,
    ANTHROPIC_BASE_URL: `${url}/anthropic`,
    GEMINI_BASE_URL: `${url}/google`,
    BEDROCK_BASE_URL: `${url}/bedrock`,
    VERTEX_BASE_URL: `${url}/vertex`,
    AZURE_OPENAI_ENDPOINT: `${url}/azure`,
    REPLICATE_BASE_URL: `${url}/replicate`,
    ...mediaEnv(url),
    ...compatibleEnv(url),
  };
}

/**
 * Starts the provider emulator: one HTTP server speaking OpenAI Chat Completions
 * (`/openai/v1`), Anthropic Messages (`/anthropic/v1`) and Gemini (`/google/v1beta`) with
 * deterministic replies and injectable faults (docs/emulator.md).
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new EmulatorState();
  const oauth = new GoogleOAuth();
  const closing = new AbortController();
  const jobs = new EmulatedJobs(options.jobDelayMs ?? 300);
  const server = createServer((req, res) => {
    route(req, res, state, { chunkDelayMs: options.chunkDelayMs ?? 0, signal: closing.signal, oauth, jobs }).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `emulator bug: ${(error as Error).message}` });
      else res.destroy();
    });
  });
  server.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing.abort();
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
    requests: () => state.requests(),
    clearRequests: () => state.clearRequests(),
    injectFault: (fault, match = {}) => state.faults.push({ provider: match.provider, model: match.model, fault, times: match.times ?? 1 }),
    clearFaults: () => state.faults.clear(),
    setReply: (text, provider) => state.queueReply(text, provider),
    reset: () => state.reset(),
    trustServiceAccount: (clientEmail, publicKeyPem) => oauth.trust(clientEmail, publicKeyPem),
    oauthTokensIssued: () => oauth.issued,
  };
}

async function route(req: IncomingMessage, res: ServerResponse, state: EmulatorState, options: { chunkDelayMs: number; signal: AbortSignal; oauth: GoogleOAuth; jobs: EmulatedJobs }): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const method = req.method ?? 'GET';
  // Media uploads are binary: their routes read the body themselves.
  const media = mediaRoute(method, url.pathname);
  if (media) return handleMediaRequest(req, res, url, media, state, options.signal);
  const raw = await readBody(req);
  const path = url.pathname;

  if (path === '/_emulator/google-oauth' || path.startsWith('/_emulator/google-oauth/')) return options.oauth.handleControl(method, path, raw, res);
  if (path.startsWith('/_emulator/')) return handleControl(method, path, raw, state, res);
  if (isBedrockInvokePath(path)) return handleBedrockInvoke(req, res, url, raw, { state, ...options });
  if (path.startsWith('/bedrock/')) return handleBedrockRequest(req, res, url, raw, { state, ...options });
  if (path === '/google-oauth/token') return options.oauth.handleToken(req, res, raw);
  if (path.startsWith('/vertex/')) return handleVertexRequest(req, res, url, raw, { state, ...options });
  if (path.startsWith('/azure/')) return handleAzureRequest(req, res, url, raw, { state, ...options });
  if (path.startsWith('/replicate/')) return handleReplicateRequest(req, res, url, raw, options.jobs, options.signal);
  if (isVeoRequest(method, path)) return handleVeoRequest(req, res, url, raw, options.jobs);
  const compatible = compatibleRoute(method, path);
  if (compatible?.kind === 'chat') return handleCall(req, res, url, raw, compatible.call, { state, ...options });
  if (compatible?.kind === 'embeddings') return handleEmbeddings(req, res, url, raw, compatible.embeddings, { state, signal: options.signal });

  const embeddings = embeddingsRoute(method, path);
  if (embeddings) return handleEmbeddings(req, res, url, raw, embeddings, { state, signal: options.signal });

  const call = callRoute(method, path, url);
  if (call) return handleCall(req, res, url, raw, call, { state, ...options });

  if (method === 'GET' && path === '/openai/v1/models') return listing(req, res, url, openaiChat, state, openaiModels);
  if (method === 'GET' && path === '/anthropic/v1/models') return listing(req, res, url, anthropicMessages, state, anthropicModels);
  if (method === 'GET' && /^\/google\/v1(beta)?\/models$/.test(path)) return listing(req, res, url, gemini, state, geminiModelList);

  const dialect = path.startsWith('/anthropic/') ? anthropicMessages : path.startsWith('/google/') ? gemini : path.startsWith('/openai/') ? openaiChat : undefined;
  if (!dialect) return sendJson(res, 404, { error: `unknown path ${path}; the emulator serves /openai/v1, /anthropic/v1, /google/v1beta, /bedrock, /vertex, /azure, the OpenAI-compatible prefixes (/groq/openai/v1 ...) and /_emulator` });
  const rendered = dialect.renderError(new EmulatedError({ status: 404, reason: 'not_found', message: `${method} ${path}` }));
  sendBody(res, 404, rendered.headers, rendered.body);
}

function callRoute(method: string, path: string, url: URL): CallRoute | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/openai/v1/chat/completions') return { dialect: openaiChat, sse: true };
  if (path === '/anthropic/v1/messages') return { dialect: anthropicMessages, sse: true };
  const google = /^\/google\/v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
  if (google) {
    const stream = google[2] === 'streamGenerateContent';
    return { dialect: gemini, model: decodeURIComponent(google[1]), stream, sse: stream && url.searchParams.get('alt') === 'sse' };
  }
  return undefined;
}

/** Model listings need a valid key like any other call. */
function listing(req: IncomingMessage, res: ServerResponse, url: URL, dialect: Dialect, state: EmulatorState, list: () => unknown): void {
  state.record({ provider: dialect.provider, method: 'GET', path: url.pathname, headers: req.headers, body: null });
  const key = dialect.apiKey(req.headers, url);
  if (key === undefined || key.startsWith('invalid')) {
    const status = dialect.provider === 'google' ? (key === undefined ? 403 : 400) : 401;
    const rendered = dialect.renderError(new EmulatedError({ status, reason: key === undefined ? 'missing_key' : 'invalid_key' }));
    return sendBody(res, status, { ...dialect.headers(), ...rendered.headers }, rendered.body);
  }
  sendBody(res, 200, { ...dialect.headers(), 'content-type': 'application/json' }, JSON.stringify(list(), null, 2));
}

const openaiModelIds = ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'gpt-5', 'gpt-5-mini', 'o4-mini'];

function openaiModels(): unknown {
  return { object: 'list', data: openaiModelIds.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'system' })) };
}

function anthropicModels(): unknown {
  const ids = ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-1-20250805'];
  const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' }));
  return { data, has_more: false, first_id: ids[0], last_id: ids[ids.length - 1] };
}
