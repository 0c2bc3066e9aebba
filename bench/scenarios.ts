import type { RequestSpec } from './load-worker.ts';

/**
 * The ways to reach the same upstream that every scenario compares: straight, through a bare
 * Node proxy (the floor for a Node gateway), through Switchyard, through Portkey.
 */
export type PathName = 'direct' | 'floor' | 'switchyard' | 'portkey';
export const pathNames: PathName[] = ['direct', 'floor', 'switchyard', 'portkey'];

/** Where each path listens, and the gateway key for the authenticated Switchyard. */
export type Endpoints = {
  upstream: string;
  /** The bare Node proxy: it forwards the direct path's request as it is (no translation, no auth). */
  floor: string;
  switchyard: string;
  portkey: string;
  /** The Switchyard started with an admin key, and a gateway key created through its admin API. */
  switchyardAuth?: { url: string; key: string };
};

export type Scenario = {
  name: string;
  title: string;
  streaming: boolean;
  /** Needs the Switchyard instance with authentication on. */
  needsAuth?: boolean;
  requests(endpoints: Endpoints): Record<PathName, RequestSpec>;
};

const upstreamKey = 'sk-bench';
const json = { 'content-type': 'application/json' };

/** A prompt of about `bytes` bytes of ordinary English (no escaping, so body size ≈ prompt size). */
export function prompt(bytes: number): string {
  const sentence = 'The agent reads the repository, plans the change, edits three files and runs the tests again. ';
  return sentence.repeat(Math.ceil(bytes / sentence.length)).slice(0, bytes);
}

function openAiBody(model: string, options: { stream?: boolean; promptBytes?: number; slow?: boolean; chunks?: number }): string {
  return JSON.stringify({
    model: options.slow ? `${model}-slow` : options.chunks ? `${model}-c${options.chunks}` : model,
    messages: [
      { role: 'system', content: 'You are a concise coding agent.' },
      { role: 'user', content: options.promptBytes ? prompt(options.promptBytes) : 'Summarise the failing test in one sentence.' },
    ],
    max_tokens: 256,
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

function anthropicBody(model: string, options: { stream?: boolean }): string {
  return JSON.stringify({
    model,
    max_tokens: 256,
    system: 'You are a concise coding agent.',
    messages: [{ role: 'user', content: 'Summarise the failing test in one sentence.' }],
    ...(options.stream ? { stream: true } : {}),
  });
}

/** The same OpenAI chat request on each path: straight to the upstream, via Switchyard, via Portkey. */
function openAiOnEveryPath(e: Endpoints, options: { stream?: boolean; promptBytes?: number; slow?: boolean; chunks?: number }): Record<PathName, RequestSpec> {
  const body = openAiBody('gpt-4o-mini', options);
  const direct = { origin: e.upstream, path: '/openai/v1/chat/completions', headers: { ...json, authorization: `Bearer ${upstreamKey}` }, body };
  return {
    direct,
    floor: { ...direct, origin: e.floor },
    switchyard: { origin: e.switchyard, path: '/v1/chat/completions', headers: json, body: openAiBody('openai/gpt-4o-mini', options) },
    portkey: {
      origin: e.portkey,
      path: '/v1/chat/completions',
      headers: { ...json, authorization: `Bearer ${upstreamKey}`, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${e.upstream}/openai/v1` },
      body,
    },
  };
}

/** OpenAI chat in, Anthropic Messages upstream. "Direct" is what a client speaking Anthropic would send. */
function translatedOnEveryPath(e: Endpoints, options: { stream?: boolean }): Record<PathName, RequestSpec> {
  const direct = {
    origin: e.upstream,
    path: '/anthropic/v1/messages',
    headers: { ...json, 'x-api-key': 'sk-ant-bench', 'anthropic-version': '2023-06-01' },
    body: anthropicBody('claude-sonnet-4-5', options),
  };
  return {
    direct,
    floor: { ...direct, origin: e.floor },
    switchyard: { origin: e.switchyard, path: '/v1/chat/completions', headers: json, body: openAiBody('anthropic/claude-sonnet-4-5', options) },
    portkey: {
      origin: e.portkey,
      path: '/v1/chat/completions',
      headers: { ...json, authorization: 'Bearer sk-ant-bench', 'x-portkey-provider': 'anthropic', 'x-portkey-custom-host': `${e.upstream}/anthropic/v1` },
      body: openAiBody('claude-sonnet-4-5', options),
    },
  };
}

const metadata = JSON.stringify({ agent: 'bench-planner', run: 'r-42', team: 'infra' });

export const scenarios: Scenario[] = [
  { name: 'chat', title: 'Chat, non-streaming, small body', streaming: false, requests: (e) => openAiOnEveryPath(e, {}) },
  { name: 'stream', title: 'Chat, streaming, 100 chunks', streaming: true, requests: (e) => openAiOnEveryPath(e, { stream: true }) },
  { name: 'large-body', title: 'Chat, non-streaming, 100 KB prompt', streaming: false, requests: (e) => openAiOnEveryPath(e, { promptBytes: 100 * 1024 }) },
  { name: 'translate', title: 'OpenAI in → Anthropic upstream, non-streaming', streaming: false, requests: (e) => translatedOnEveryPath(e, {}) },
  { name: 'translate-stream', title: 'OpenAI in → Anthropic upstream, streaming, 100 chunks', streaming: true, requests: (e) => translatedOnEveryPath(e, { stream: true }) },
  {
    name: 'full-path',
    title: 'Chat with gateway key auth + metadata header',
    streaming: false,
    needsAuth: true,
    requests: (e) => {
      const paths = openAiOnEveryPath(e, {});
      const auth = e.switchyardAuth!;
      paths.switchyard = { ...paths.switchyard, origin: auth.url, headers: { ...json, authorization: `Bearer ${auth.key}`, 'x-switchyard-metadata': metadata } };
      paths.portkey = { ...paths.portkey, headers: { ...paths.portkey.headers, 'x-portkey-metadata': metadata } };
      return paths;
    },
  },
];

/** The slow stream for the open-streams memory test: one chunk a second, for 100 s unless closed. */
export function slowStreamRequests(e: Endpoints): Record<PathName, RequestSpec> {
  return openAiOnEveryPath(e, { stream: true, slow: true });
}

/** Non-streaming chat with a prompt of `bytes` bytes, for the body-size curve. */
export function bodyCurveRequests(e: Endpoints, bytes: number): Record<PathName, RequestSpec> {
  return openAiOnEveryPath(e, { promptBytes: bytes });
}

/** A streamed chat of `chunks` content chunks, for the chunk-count curve (the model is not in the catalog: unpriced). */
export function chunkCurveRequests(e: Endpoints, chunks: number): Record<PathName, RequestSpec> {
  return openAiOnEveryPath(e, { stream: true, chunks });
}
