import type { RequestLogEntry } from '../request-log-entry.ts';

let counter = 0;

/** A complete, plausible request log entry (an OpenAI chat call served by gpt-4o-mini), with overrides. */
export function makeLogEntry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  counter++;
  return {
    id: `req_test${counter}_${Math.random().toString(36).slice(2, 8)}`,
    time: Date.UTC(2025, 5, 1, 12, 0, 0),
    accountId: 'acct_a',
    keyId: 'key_a1',
    format: 'openai-chat',
    requestedModel: 'openai/gpt-4o-mini',
    model: 'openai/gpt-4o-mini',
    provider: 'openai',
    upstreamModel: 'gpt-4o-mini',
    attempts: [{ provider: 'openai', upstreamModel: 'gpt-4o-mini', status: 200, error: null, latencyMs: 420 }],
    status: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 450,
    ttftMs: null,
    stream: false,
    tokens: { input: 100, output: 20, cachedRead: 0, cacheWrite: 0, reasoning: 0 },
    costNanos: 27_000,
    cacheStatus: null,
    finishReason: 'stop',
    metadata: {},
    bodies: null,
    ...overrides,
  };
}
