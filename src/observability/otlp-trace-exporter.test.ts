import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGenAiSpans } from './genai-spans.ts';
import { OtlpTraceExporter, msToUnixNanos, otlpOptionsFromEnv } from './otlp-trace-exporter.ts';
import { makeLogEntry } from './testing/make-log-entry.ts';
import { attributesOf, startOtlpCollector } from './testing/otlp-collector.ts';
import { newSpanId, newTraceId } from './trace-context.ts';

test('spans reach a real collector as OTLP/HTTP JSON at {endpoint}/v1/traces, batched', async () => {
  const collector = await startOtlpCollector();
  const options = otlpOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.endpoint}/`, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,authorization=Bearer%20abc', OTEL_SERVICE_NAME: 'gw-test' });
  assert.ok(options);
  const exporter = new OtlpTraceExporter({ ...options, flushIntervalMs: 60_000, maxBatch: 1000 });
  const traceId = newTraceId();
  const rootId = newSpanId();
  const entry = makeLogEntry({
    attempts: [
      { provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 529, error: 'Overloaded', latencyMs: 40 },
      { provider: 'bedrock', upstreamModel: 'anthropic.claude-sonnet-4-5', status: 200, error: null, latencyMs: 400 },
    ],
    requestedModel: 'anthropic/claude-sonnet-4-5',
    model: 'anthropic/claude-sonnet-4-5',
    provider: 'bedrock',
    upstreamModel: 'anthropic.claude-sonnet-4-5',
    tokens: { input: 120, output: 30, cachedRead: 100, cacheWrite: 0, reasoning: 0 },
    finishReason: 'stop',
    latencyMs: 460,
    metadata: { agent: 'planner' },
  });
  exporter.export(buildGenAiSpans({ entry, traceId, spanId: rootId, operation: 'chat' }));
  exporter.export(buildGenAiSpans({ entry: makeLogEntry(), traceId: newTraceId(), spanId: newSpanId(), operation: 'chat' }));
  assert.equal(collector.received.length, 0, 'export only queues');
  await exporter.close();

  assert.equal(collector.received.length, 1, 'one POST for the batch');
  const [post] = collector.received;
  assert.equal(post.path, '/v1/traces');
  assert.equal(post.headers['content-type'], 'application/json');
  assert.equal(post.headers['x-tenant'], 'acme');
  assert.equal(post.headers.authorization, 'Bearer abc');
  assert.deepEqual(attributesOf(post.body.resourceSpans[0].resource), { 'service.name': 'gw-test' });

  const spans = collector.spans();
  assert.equal(spans.length, 5);
  const root = spans.find((s) => s.spanId === rootId);
  assert.equal(root.traceId, traceId);
  assert.equal(root.name, 'chat anthropic/claude-sonnet-4-5');
  assert.equal(root.kind, 2);
  assert.equal(root.parentSpanId, undefined);
  assert.equal(root.startTimeUnixNano, `${entry.time}000000`);
  assert.equal(root.endTimeUnixNano, `${entry.time + 460}000000`);
  assert.deepEqual(root.status, { code: 0 });
  const attributes = attributesOf(root);
  assert.equal(attributes['gen_ai.operation.name'], 'chat');
  assert.equal(attributes['gen_ai.provider.name'], 'aws.bedrock');
  assert.equal(attributes['gen_ai.system'], 'aws.bedrock');
  assert.equal(attributes['gen_ai.request.model'], 'anthropic/claude-sonnet-4-5');
  assert.equal(attributes['gen_ai.response.model'], 'anthropic.claude-sonnet-4-5');
  assert.equal(attributes['gen_ai.usage.input_tokens'], 120);
  assert.equal(attributes['gen_ai.usage.output_tokens'], 30);
  assert.equal(attributes['gen_ai.usage.cache_read.input_tokens'], 100);
  assert.deepEqual(attributes['gen_ai.response.finish_reasons'], ['stop']);
  assert.equal(attributes['switchyard.metadata.agent'], 'planner');
  assert.equal(attributes['error.type'], undefined);

  const children = spans.filter((s) => s.parentSpanId === rootId);
  assert.deepEqual(children.map((s) => [s.name, s.kind, s.status.code]), [
    ['chat claude-sonnet-4-5', 3, 2],
    ['chat anthropic.claude-sonnet-4-5', 3, 0],
  ]);
  assert.equal(attributesOf(children[0])['gen_ai.provider.name'], 'anthropic');
  assert.equal(attributesOf(children[0])['error.type'], '529');
  assert.equal(children[0].status.message, 'Overloaded');
  assert.equal(children[1].startTimeUnixNano, children[0].endTimeUnixNano, 'attempts laid end to end');
  await collector.close();
});

test('a failed request marks the server span as an error with error.type', () => {
  const entry = makeLogEntry({ status: 429, errorCode: 'rate_limited', errorMessage: 'Slow down.' });
  const [root] = buildGenAiSpans({ entry, traceId: newTraceId(), spanId: newSpanId(), parentSpanId: 'b7ad6b7169203331', operation: 'chat' });
  assert.equal(root.parentSpanId, 'b7ad6b7169203331');
  assert.deepEqual(root.status, { code: 'error', message: 'Slow down.' });
  assert.equal(root.attributes['error.type'], 'rate_limited');
});

test('a full batch is sent without waiting; a collector error is reported, not thrown', async () => {
  const collector = await startOtlpCollector({ status: 503 });
  const errors: unknown[] = [];
  const exporter = new OtlpTraceExporter({ url: `${collector.endpoint}/v1/traces`, flushIntervalMs: 60_000, maxBatch: 2, onError: (error) => errors.push(error) });
  exporter.export(buildGenAiSpans({ entry: makeLogEntry(), traceId: newTraceId(), spanId: newSpanId(), operation: 'chat' }));
  await collector.waitForExports(1);
  await exporter.close();
  assert.match(String(errors[0]), /answered 503 to 2 spans/);
  await collector.close();

  const unreachable = new OtlpTraceExporter({ url: collector.endpoint + '/v1/traces', timeoutMs: 1000, onError: (error) => errors.push(error) });
  unreachable.export(buildGenAiSpans({ entry: makeLogEntry(), traceId: newTraceId(), spanId: newSpanId(), operation: 'chat' }));
  await unreachable.close();
  assert.equal(errors.length, 2, 'a dead collector is reported once per batch');
});

test('tracing is on only when an OTLP endpoint is configured', () => {
  assert.equal(otlpOptionsFromEnv({}), undefined);
  assert.equal(otlpOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }), undefined);
  assert.equal(otlpOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })?.url, 'http://c:4318/v1/traces');
  assert.equal(otlpOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:1/custom' })?.url, 'http://t:1/custom');
});

test('times become exact nanosecond strings beyond 2^53', () => {
  assert.equal(msToUnixNanos(1_750_000_000_123), '1750000000123000000');
  assert.equal(msToUnixNanos(1_750_000_000_123.5), '1750000000123500000');
});
