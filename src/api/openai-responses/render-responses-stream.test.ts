import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { parseResponsesRequest } from './parse-responses-request.ts';
import { renderResponsesStream } from './render-responses-stream.ts';
import type { ResponsesRenderOptions } from './responses-echo.ts';
import { readFixtureChunks, readFixtureText } from '../../testing/recorded-fixtures.ts';
import { parseSse, type SseEvent } from '../../testing/sse-events.ts';

async function* from(events: StreamEvent[]): AsyncGenerator<StreamEvent> {
  yield* events;
}

async function render(events: StreamEvent[], options: ResponsesRenderOptions = { requestedModel: 'm' }): Promise<{ raw: string; events: SseEvent[] }> {
  let raw = '';
  for await (const frame of renderResponsesStream(from(events), options)) raw += frame;
  return { raw, events: parseSse(raw) };
}

/** A `.chunks.txt` holding several responses, split at each `response.created`. */
function chunkResponses(name: string): Array<Array<Record<string, unknown>>> {
  const responses: Array<Array<Record<string, unknown>>> = [];
  for (const event of readFixtureChunks<Record<string, unknown>>(name)) {
    if (event.type === 'response.created') responses.push([]);
    responses[responses.length - 1].push(event);
  }
  return responses;
}

const types = (events: Array<{ type?: unknown }>) => events.map((event) => event.type);
// `obfuscation` is OpenAI's random padding against length side channels; clients ignore it and we do not send it.
const keys = (event: Record<string, unknown>) => Object.keys(event).filter((key) => key !== 'obfuscation').sort();

/** Same event types in the same order, and each event with the same keys as the recording. */
function assertSameGrammar(ours: SseEvent[], recorded: Array<Record<string, unknown>>): void {
  assert.deepEqual(types(ours.map((event) => event.data)), types(recorded));
  ours.forEach((event, i) => {
    assert.equal(event.event, event.data.type, 'the event: line names the data type');
    assert.deepEqual(keys(event.data), keys(recorded[i]), `keys of ${String(event.data.type)}`);
    assert.equal(event.data.sequence_number, i);
  });
}

/** The deltas a recorded stream carried for one event type, to feed the same text through our renderer. */
const deltasOf = (recorded: Array<Record<string, unknown>>, type: string) =>
  recorded.filter((event) => event.type === type).map((event) => event.delta as string);

describe('renderResponsesStream matches recorded OpenAI streams', () => {
  it('text: created, in_progress, message item with one output_text part, completed with usage', async () => {
    const recorded = parseSse(readFixtureText('openai-responses/stream-text.sse.txt')).map((event) => event.data);
    const { raw, events } = await render([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-5.5-2026-04-23', created: 1778037177 },
      { type: 'text_delta', text: 'pong' },
      { type: 'usage', usage: { inputTokens: 11, outputTokens: 5, reasoningTokens: 0 } },
      { type: 'finish', reason: 'stop' },
    ]);
    assertSameGrammar(events, recorded);
    assert.match(raw, /^event: response\.created\ndata: \{.*\}\n\n/);
    const completed = events[events.length - 1].data.response as Record<string, unknown>;
    assert.deepEqual(completed.usage, recorded[recorded.length - 1].response && (recorded[recorded.length - 1].response as Record<string, unknown>).usage);
    assert.equal(completed.status, 'completed');
    assert.match(String(completed.id), /^resp_/);
    const item = events.find((event) => event.data.type === 'response.output_item.done')!.data.item as Record<string, unknown>;
    assert.match(String(item.id), /^msg_/);
    assert.deepEqual(item.content, [{ type: 'output_text', annotations: [], logprobs: [], text: 'pong' }]);
  });

  it('function call: output_item.added with the call, arguments deltas, arguments.done, output_item.done', async () => {
    const recorded = parseSse(readFixtureText('openai-responses/stream-function-call.sse.txt')).map((event) => event.data);
    const { events } = await render([
      { type: 'start', id: 'x', model: 'm', created: 1 },
      { type: 'tool_call_start', index: 0, id: 'call_sVidsfFJ6zlzRpelrPkTPlpd', name: 'multiply' },
      ...deltasOf(recorded, 'response.function_call_arguments.delta').map((delta): StreamEvent => ({ type: 'tool_call_delta', index: 0, arguments: delta })),
      { type: 'usage', usage: { inputTokens: 58, outputTokens: 23 } },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    assertSameGrammar(events, recorded);
    const done = events.find((event) => event.data.type === 'response.output_item.done')!.data.item;
    assert.deepEqual({ ...(done as object), id: 'fc' }, { id: 'fc', type: 'function_call', status: 'completed', arguments: '{"a":1231,"b":2331}', call_id: 'call_sVidsfFJ6zlzRpelrPkTPlpd', name: 'multiply' });
  });

  it('reasoning summary then a function call, as a reasoning model streams them', async () => {
    const [recorded] = chunkResponses('openai-responses/stream-reasoning-encrypted-content.chunks.txt');
    const { events } = await render([
      { type: 'start', id: 'x', model: 'm', created: 1 },
      ...deltasOf(recorded, 'response.reasoning_summary_text.delta').map((text): StreamEvent => ({ type: 'reasoning_delta', text })),
      { type: 'tool_call_start', index: 0, id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn', name: 'calculator' },
      ...deltasOf(recorded, 'response.function_call_arguments.delta').map((delta): StreamEvent => ({ type: 'tool_call_delta', index: 0, arguments: delta })),
      { type: 'finish', reason: 'tool_calls' },
    ]);
    assertSameGrammar(events, recorded);
    const completed = events[events.length - 1].data.response as { output: Array<Record<string, unknown>> };
    const recordedOutput = (recorded[recorded.length - 1].response as { output: Array<Record<string, unknown>> }).output;
    assert.deepEqual(completed.output[0].summary, recordedOutput[0].summary);
    assert.equal(completed.output[1].arguments, recordedOutput[1].arguments);
  });

  it('an error after the start: `error` event, then response.failed', async () => {
    const [recorded] = chunkResponses('openai-responses/stream-error-insufficient-quota.chunks.txt');
    const message = 'You exceeded your current quota, please check your plan and billing details.';
    const { events } = await render([
      { type: 'start', id: 'x', model: 'm', created: 1 },
      { type: 'error', error: new GatewayError({ status: 429, code: 'insufficient_credits', message }) },
    ]);
    assertSameGrammar(events, recorded);
    assert.deepEqual(events[2].data.error, { type: 'rate_limit_error', code: 'insufficient_quota', message, param: null });
    const failed = events[3].data.response as Record<string, unknown>;
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.error, { code: 'insufficient_quota', message });
  });
});

describe('renderResponsesStream', () => {
  it('starts a new item whenever the kind changes, and keeps parallel calls apart', async () => {
    const { events } = await render([
      { type: 'start', id: 'x', model: 'm', created: 1 },
      { type: 'reasoning_delta', text: 'Think' },
      { type: 'reasoning_signature', signature: 'c2ln' },
      { type: 'text_delta', text: 'Checking ' },
      { type: 'text_delta', text: 'both.' },
      { type: 'tool_call_start', index: 0, id: 'c1', name: 'weather' },
      { type: 'tool_call_delta', index: 0, arguments: '{"city":"Paris"}' },
      { type: 'tool_call_start', index: 1, id: 'c2', name: 'weather' },
      { type: 'tool_call_delta', index: 1, arguments: '{"city":"Rome"}' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 20, reasoningTokens: 5, cacheReadTokens: 4 } },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    const response = events[events.length - 1].data.response as { output: Array<Record<string, unknown>>; usage: unknown };
    assert.deepEqual(
      response.output.map((item) => item.type),
      ['reasoning', 'message', 'function_call', 'function_call'],
    );
    assert.deepEqual(response.output[0].summary, [{ type: 'summary_text', text: 'Think' }]);
    assert.equal(response.output[0].encrypted_content, 'sig:c2ln');
    assert.equal((response.output[1].content as Array<{ text: string }>)[0].text, 'Checking both.');
    assert.deepEqual(
      response.output.slice(2).map((item) => [item.call_id, item.arguments]),
      [['c1', '{"city":"Paris"}'], ['c2', '{"city":"Rome"}']],
    );
    assert.deepEqual(response.usage, { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 30 });
    // Every item is opened and closed once, with output_index in order.
    const added = events.filter((event) => event.data.type === 'response.output_item.added').map((event) => event.data.output_index);
    const done = events.filter((event) => event.data.type === 'response.output_item.done').map((event) => event.data.output_index);
    assert.deepEqual(added, [0, 1, 2, 3]);
    assert.deepEqual(done, [0, 1, 2, 3]);
  });

  it('ends with response.incomplete when max tokens cut the answer', async () => {
    const { events } = await render([
      { type: 'start', id: 'x', model: 'm', created: 1 },
      { type: 'text_delta', text: 'Once upon' },
      { type: 'finish', reason: 'length' },
    ]);
    const last = events[events.length - 1].data;
    assert.equal(last.type, 'response.incomplete');
    const response = last.response as { status: string; incomplete_details: unknown; output: Array<{ status: string }> };
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(response.output[0].status, 'incomplete');
  });

  it('echoes the request settings and the requested model in every response object', async () => {
    const { render: options } = parseResponsesRequest({
      model: 'anthropic/claude-sonnet-4-5',
      input: 'x',
      instructions: 'Be brief.',
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
      temperature: 0.5,
    });
    const { events } = await render([{ type: 'start', id: 'x', model: 'claude-sonnet-4-5-20250929', created: 1 }, { type: 'finish', reason: 'stop' }], options);
    for (const event of [events[0], events[events.length - 1]]) {
      const response = event.data.response as Record<string, unknown>;
      assert.equal(response.model, 'anthropic/claude-sonnet-4-5');
      assert.equal(response.instructions, 'Be brief.');
      assert.equal(response.temperature, 0.5);
      assert.deepEqual(response.tools, [{ type: 'function', description: null, name: 'f', parameters: { type: 'object' }, strict: null }]);
      assert.equal(response.store, false);
    }
  });

  it('reports a stream that ends without a finish as a failure rather than a success', async () => {
    const { events } = await render([
      { type: 'start', id: 'x', model: 'm', created: 1 },
      { type: 'text_delta', text: 'Half' },
    ]);
    assert.deepEqual(types(events.slice(-2).map((event) => event.data)), ['error', 'response.failed']);
  });

  it('emits a redacted reasoning block as its own reasoning item with the blob as encrypted_content', async () => {
    const { events } = await render([
      { type: 'start', id: 'x', model: 'm', created: 1 },
      { type: 'reasoning_redacted', data: 'RU5DUllQVEVE' },
      { type: 'text_delta', text: 'Hi' },
      { type: 'finish', reason: 'stop' },
    ]);
    const output = (events[events.length - 1].data.response as { output: Array<Record<string, unknown>> }).output;
    assert.deepEqual(
      output.map((item) => item.type),
      ['reasoning', 'message'],
    );
    assert.deepEqual({ ...output[0], id: 'rs' }, { id: 'rs', type: 'reasoning', summary: [], encrypted_content: 'RU5DUllQVEVE' });
  });
});
