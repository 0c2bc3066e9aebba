import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { openAiAdapter } from '../../providers/openai/index.ts';
import { bytesOf } from '../../testing/byte-splits.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { openAiChatFormat } from './index.ts';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** The `data:` payloads of SSE frames, JSON-parsed except `[DONE]`. */
function payloads(frames: string[]): unknown[] {
  return frames.map((frame) => {
    assert.ok(frame.startsWith('data: ') && frame.endsWith('\n\n'), JSON.stringify(frame));
    const data = frame.slice(6, -2);
    return data === '[DONE]' ? data : JSON.parse(data);
  });
}

type Chunk = { id: string; object: string; created: number; model: string; choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>; usage?: unknown };

/** What a client sees in a chunk, without OpenAI's padding and null refusal. */
const skeleton = (chunk: Chunk | string) =>
  typeof chunk === 'string'
    ? chunk
    : { choices: chunk.choices.map((c) => ({ delta: Object.fromEntries(Object.entries(c.delta).filter(([k]) => k !== 'refusal')), finish_reason: c.finish_reason })), usage: chunk.usage === null ? null : 'object' };

test('re-rendering a recorded OpenAI include_usage stream gives back the same chunk sequence', async () => {
  const [exchange] = readHarExchanges('openai-chat/stream-usage-include-usage.har');
  const recorded = payloads(exchange.responseBody.split(/(?<=\n\n)/).filter((f) => f.trim())) as Array<Chunk | string>;
  const events = openAiAdapter.parseStream(bytesOf(exchange.responseBody));
  const rendered = payloads(await collect(openAiChatFormat.renderStream(events, { requestedModel: 'gpt-5-mini', includeUsage: true }))) as Array<Chunk | string>;

  assert.deepEqual(rendered.map(skeleton), recorded.map(skeleton));
  const chunks = rendered.filter((c): c is Chunk => typeof c !== 'string');
  for (const chunk of chunks) {
    assert.equal(chunk.id, 'chatcmpl-D2NUMpqH5tTFPIpNYt5vo3b0yleOT');
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.created, 1769459318);
    assert.equal(chunk.model, 'gpt-5-mini', 'the model the client asked for');
  }
  assert.deepEqual(chunks[chunks.length - 1].usage, {
    prompt_tokens: 7,
    completion_tokens: 82,
    total_tokens: 89,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 64 },
  });
});

test('tool calls stream OpenAI-style: id, type and name first with empty arguments, then index + arguments only', async () => {
  const [exchange] = readHarExchanges('openai-chat/stream-parallel-tool-calls-then-results.har');
  const frames = await collect(openAiChatFormat.renderStream(openAiAdapter.parseStream(bytesOf(exchange.responseBody)), { requestedModel: 'gpt-4o-mini' }));
  const chunks = payloads(frames) as Array<Chunk | string>;
  const deltas = chunks.flatMap((c) => (typeof c === 'string' ? [] : c.choices.map((choice) => choice.delta)));
  assert.deepEqual(deltas[0], { role: 'assistant', content: '' });
  assert.deepEqual(deltas[1], { tool_calls: [{ index: 0, id: 'call_KfqqY0CqapxDWHLEiw251OiT', type: 'function', function: { name: 'secret_retrieval_tool', arguments: '' } }] });
  assert.deepEqual(deltas[2], { tool_calls: [{ index: 0, function: { arguments: '{"pa' } }] });
  assert.ok(deltas.some((d) => JSON.stringify(d).includes('"index":1,"id":"call_y9ieKDj0XgZ0FXzBRGjVatj1"')));
  // Without include_usage there is no usage chunk and no `usage` key at all.
  assert.ok(chunks.every((c) => typeof c === 'string' || !('usage' in c)));
  assert.deepEqual(chunks.slice(-2).map((c) => (typeof c === 'string' ? c : c.choices[0].finish_reason)), ['tool_calls', '[DONE]']);
});

test('reasoning streams as reasoning_content deltas', async () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'r1', model: 'deepseek-reasoner', created: 1 },
    { type: 'reasoning_delta', text: 'Thinking.' },
    { type: 'text_delta', text: 'Answer.' },
    { type: 'finish', reason: 'stop' },
  ];
  const chunks = payloads(await collect(openAiChatFormat.renderStream(from(events), { requestedModel: 'deepseek/deepseek-reasoner' }))) as Array<Chunk | string>;
  assert.deepEqual(chunks.map((c) => (typeof c === 'string' ? c : c.choices[0].delta)), [{ role: 'assistant', content: '' }, { reasoning_content: 'Thinking.' }, { content: 'Answer.' }, {}, '[DONE]']);
});

test('an error mid-stream becomes OpenAI in-band `data: {"error": ...}` and the stream stops without [DONE]', async () => {
  const error = new GatewayError({ status: 429, code: 'rate_limited', message: 'Slow down.', provider: 'openai' });
  const events: StreamEvent[] = [{ type: 'start', id: 'e1', model: 'm', created: 1 }, { type: 'text_delta', text: 'Hel' }, { type: 'error', error }];
  const frames = await collect(openAiChatFormat.renderStream(from(events), { requestedModel: 'm', includeUsage: true }));
  assert.equal(frames.length, 3);
  assert.equal(frames[2], 'data: {"error":{"message":"Slow down.","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}}\n\n');
});

test('an exception thrown by the event source also ends in an in-band error, hiding internals', async () => {
  async function* failing(): AsyncGenerator<StreamEvent> {
    yield { type: 'start', id: 'x', model: 'm', created: 1 };
    throw new Error('socket hang up at 10.0.0.3 with key sk-secret');
  }
  const frames = await collect(openAiChatFormat.renderStream(failing(), { requestedModel: 'm' }));
  assert.equal(frames.at(-1), 'data: {"error":{"message":"Internal gateway error.","type":"server_error","param":null,"code":null}}\n\n');
});
