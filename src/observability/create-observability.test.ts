import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { SqliteRequestLogStore } from '../stores/sqlite/sqlite-request-log-store.ts';
import { createObservability } from './create-observability.ts';
import { Metrics } from './metrics.ts';
import { OtlpTraceExporter } from './otlp-trace-exporter.ts';
import { RequestLogger } from './request-logger.ts';
import { attributesOf, startOtlpCollector } from './testing/otlp-collector.ts';

async function setup() {
  const db = openSqlite(IN_MEMORY);
  const store = new SqliteRequestLogStore(db);
  const collector = await startOtlpCollector();
  let time = Date.UTC(2025, 5, 1, 9, 0, 0);
  const observability = createObservability({
    requestLogs: new RequestLogger(store, { flushIntervalMs: 60_000 }),
    metrics: new Metrics(),
    tracer: new OtlpTraceExporter({ url: `${collector.endpoint}/v1/traces`, flushIntervalMs: 60_000 }),
    now: () => time,
  });
  return {
    store,
    collector,
    observability,
    advance: (ms: number) => (time += ms),
    async close() {
      await observability.close();
      await collector.close();
      db.close();
    },
  };
}

// What routing reports for a request that failed over from Anthropic to Bedrock.
const target = { provider: { id: 'bedrock' }, upstreamModel: 'anthropic.claude-sonnet-4-5', model: { id: 'anthropic/claude-sonnet-4-5' } };
const attempts = [
  { provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 529, error: 'Overloaded', latencyMs: 40 },
  { provider: 'bedrock', upstreamModel: 'anthropic.claude-sonnet-4-5', status: 200, latencyMs: 300 },
];

test('a streamed request: start, first token, finish → log entry, metrics and spans', async () => {
  const { store, collector, observability, advance, close } = await setup();
  const record = observability.start({
    requestId: 'req_stream1',
    caller: { accountId: 'acct_a', keyId: 'key_1' },
    format: 'anthropic-messages',
    requestedModel: 'anthropic/claude-sonnet-4-5',
    metadata: { agent: 'planner', tier: 'free' },
    stream: true,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  });
  assert.match(record.traceparent, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/, 'joins the caller’s trace');
  advance(350);
  record.firstToken();
  advance(100);
  record.firstToken(); // only the first counts
  advance(550);
  const entry = record.finish({
    attempts,
    target,
    usage: { inputTokens: 1200, outputTokens: 80, cacheReadTokens: 1000, reasoningTokens: 16 },
    costNanos: 1_234_567,
    cacheStatus: 'MISS',
    finishReason: 'stop',
  });
  assert.ok(entry);
  assert.equal(record.finish({ attempts: [] }), undefined, 'a second finish is ignored');
  assert.equal(record.fail(new Error('late')), undefined, 'so is a fail after finish');

  await observability.requestLogs.flush();
  assert.deepEqual(await store.get('req_stream1', 'acct_a'), {
    id: 'req_stream1',
    time: Date.UTC(2025, 5, 1, 9, 0, 0),
    accountId: 'acct_a',
    keyId: 'key_1',
    format: 'anthropic-messages',
    requestedModel: 'anthropic/claude-sonnet-4-5',
    model: 'anthropic/claude-sonnet-4-5',
    provider: 'bedrock',
    upstreamModel: 'anthropic.claude-sonnet-4-5',
    attempts: [
      { provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 529, error: 'Overloaded', latencyMs: 40 },
      { provider: 'bedrock', upstreamModel: 'anthropic.claude-sonnet-4-5', status: 200, error: null, latencyMs: 300 },
    ],
    status: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 1000,
    ttftMs: 350,
    stream: true,
    tokens: { input: 1200, output: 80, cachedRead: 1000, cacheWrite: 0, reasoning: 16 },
    costNanos: 1_234_567,
    cacheStatus: 'MISS',
    finishReason: 'stop',
    metadata: { agent: 'planner', tier: 'free' },
    bodies: null,
  });

  const exposition = observability.metrics.render();
  assert.match(exposition, /^switchyard_requests_total\{provider="bedrock",model="anthropic\/claude-sonnet-4-5",status="200"\} 1$/m);
  assert.match(exposition, /^switchyard_time_to_first_token_seconds_sum\{provider="bedrock",model="anthropic\/claude-sonnet-4-5"\} 0.35$/m);

  await close();
  const spans = collector.spans();
  assert.equal(spans.length, 3);
  const root = spans.find((s) => s.kind === 2);
  assert.equal(root.parentSpanId, '00f067aa0ba902b7');
  assert.equal(attributesOf(root)['switchyard.ttft_ms'], 350);
});

test('a failure records the error’s status and code; bodies are kept redacted when given', async () => {
  const { store, observability, advance, close } = await setup();
  const record = observability.start({
    requestId: 'req_fail1',
    caller: { accountId: 'acct_a' },
    format: 'openai-chat',
    requestedModel: 'openai/gpt-4o-mini',
    stream: false,
    bodies: { requestHeaders: { authorization: 'Bearer sy-0123456789abcdefghijABCDEFGHIJ0123456789' }, request: { messages: [{ role: 'user', content: 'key sk-proj-abcdefghijklmnopqrstuvwx' }] } },
  });
  advance(25);
  record.fail(new GatewayError({ status: 429, code: 'rate_limited', message: 'Rate limit reached.' }), [{ provider: 'openai', upstreamModel: 'gpt-4o-mini', status: 429, error: 'Rate limit reached.', latencyMs: 20 }]);
  const internal = observability.start({ requestId: 'req_fail2', caller: { accountId: 'acct_a' }, format: 'openai-chat', requestedModel: 'x', stream: false });
  internal.fail(new TypeError('boom with secrets'));

  await observability.requestLogs.flush();
  const failed = await store.get('req_fail1', 'acct_a');
  assert.equal(failed?.status, 429);
  assert.equal(failed?.errorCode, 'rate_limited');
  assert.equal(failed?.model, null);
  assert.equal(failed?.latencyMs, 25);
  assert.deepEqual(failed?.bodies, { requestHeaders: {}, request: { messages: [{ role: 'user', content: 'key sk-[redacted]' }] } });
  const hidden = await store.get('req_fail2', 'acct_a');
  assert.equal(hidden?.status, 500);
  assert.equal(hidden?.errorMessage, 'Internal gateway error.', 'internals never reach the log');
  assert.match(observability.metrics.render(), /^switchyard_errors_total\{provider="none",model="none",code="rate_limited"\} 1$/m);
  await close();
});
