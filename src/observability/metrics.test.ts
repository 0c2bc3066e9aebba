import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics } from './metrics.ts';
import { makeLogEntry } from './testing/make-log-entry.ts';

type Sample = { name: string; labels: Record<string, string>; value: number };

/**
 * A strict reader of the text exposition format 0.0.4: every line is a comment (HELP/TYPE) or a
 * sample; each family is declared once before its samples.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      assert.ok(!types.has(type[1]), `${type[1]} declared once`);
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(sample, `not a valid exposition line: ${line}`);
    const labels: Record<string, string> = {};
    const labelText = sample[2] ?? '';
    const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let consumed = 0;
    for (let match = labelPattern.exec(labelText); match; match = labelPattern.exec(labelText)) {
      labels[match[1]] = match[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      consumed = labelPattern.lastIndex;
    }
    assert.equal(consumed, labelText.length, `labels parse completely: ${labelText}`);
    const family = sample[1].replace(/_(bucket|sum|count)$/, '');
    assert.ok(types.has(sample[1]) || types.has(family), `sample ${sample[1]} follows its TYPE line`);
    samples.push({ name: sample[1], labels, value: sample[3] === '+Inf' ? Infinity : Number(sample[3]) });
  }
  return { types, samples };
}

const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

test('counters, token types, cost and histograms per provider and model, in valid exposition format', () => {
  const metrics = new Metrics();
  metrics.observe(makeLogEntry({ latencyMs: 450, tokens: { input: 100, output: 20, cachedRead: 60, cacheWrite: 0, reasoning: 5 }, costNanos: 27_000 }));
  metrics.observe(makeLogEntry({ latencyMs: 1500, stream: true, ttftMs: 300, tokens: { input: 10, output: 2, cachedRead: 0, cacheWrite: 0, reasoning: 0 }, costNanos: 3_000 }));
  metrics.observe(
    makeLogEntry({
      model: null,
      provider: null,
      upstreamModel: null,
      requestedModel: 'whatever/the-client-typed',
      status: 429,
      errorCode: 'rate_limited',
      attempts: [{ provider: 'openai', upstreamModel: 'gpt-4o-mini', status: 429, error: 'slow down', latencyMs: 30 }],
      costNanos: null,
      tokens: { input: 0, output: 0, cachedRead: 0, cacheWrite: 0, reasoning: 0 },
    }),
  );
  const { types, samples } = parseExposition(metrics.render());

  assert.equal(types.get('switchyard_requests_total'), 'counter');
  assert.equal(types.get('switchyard_request_duration_seconds'), 'histogram');
  assert.equal(types.get('switchyard_time_to_first_token_seconds'), 'histogram');
  const served = { provider: 'openai', model: 'openai/gpt-4o-mini' };
  assert.equal(find(samples, 'switchyard_requests_total', { ...served, status: '200' })[0].value, 2);
  assert.equal(find(samples, 'switchyard_requests_total', { provider: 'none', model: 'none', status: '429' })[0].value, 1);
  assert.ok(!samples.some((s) => Object.values(s.labels).includes('whatever/the-client-typed')), 'requested model names never become labels');
  assert.equal(find(samples, 'switchyard_errors_total', { code: 'rate_limited' })[0].value, 1);
  assert.equal(find(samples, 'switchyard_upstream_attempts_total', { provider: 'openai', status: '429' })[0].value, 1);
  assert.equal(find(samples, 'switchyard_tokens_total', { ...served, type: 'input' })[0].value, 110);
  assert.equal(find(samples, 'switchyard_tokens_total', { ...served, type: 'cached_read' })[0].value, 60);
  assert.equal(find(samples, 'switchyard_tokens_total', { ...served, type: 'reasoning' })[0].value, 5);
  assert.equal(find(samples, 'switchyard_cost_nanodollars_total', served)[0].value, 30_000);

  const buckets = find(samples, 'switchyard_request_duration_seconds_bucket', served);
  const le = (bound: string) => buckets.find((s) => s.labels.le === bound)?.value;
  assert.equal(le('0.25'), 0);
  assert.equal(le('0.5'), 1);
  assert.equal(le('2.5'), 2);
  assert.equal(le('+Inf'), 2);
  const values = buckets.map((s) => s.value);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'buckets are cumulative');
  assert.equal(find(samples, 'switchyard_request_duration_seconds_sum', served)[0].value, 1.95);
  assert.equal(find(samples, 'switchyard_request_duration_seconds_count', served)[0].value, 2);
  assert.equal(find(samples, 'switchyard_time_to_first_token_seconds_count', served)[0].value, 1, 'only streams have a TTFT');
});

test('label values with quotes, backslashes and newlines are escaped', () => {
  const metrics = new Metrics();
  metrics.observe(makeLogEntry({ provider: 'custom', model: 'we"ird\\model\nname' }));
  const { samples } = parseExposition(metrics.render());
  assert.equal(find(samples, 'switchyard_requests_total', { provider: 'custom' })[0].labels.model, 'we"ird\\model\nname');
});

test('an empty registry still renders every family header', () => {
  const { types, samples } = parseExposition(new Metrics().render());
  assert.equal(types.size, 7);
  assert.deepEqual(samples, []);
});
