import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { GatewayError, toGatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import { replayResponse } from '../../core/replay-response.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import { openAiResponsesFormat } from './index.ts';

/** What the "model" answers: thinking, a sentence, and two parallel function calls. */
const canned: CanonicalResponse = {
  id: 'chatcmpl-123',
  model: 'upstream-model',
  created: 1769449706,
  content: [
    { type: 'reasoning', text: 'The user wants two cities.' },
    { type: 'text', text: 'Checking both.' },
    { type: 'tool_call', id: 'call_paris', name: 'weather', arguments: '{"city":"Paris"}' },
    { type: 'tool_call', id: 'call_rome', name: 'weather', arguments: '{"city":"Rome"}' },
  ],
  finishReason: 'tool_calls',
  usage: { inputTokens: 50, outputTokens: 40, cacheReadTokens: 10, reasoningTokens: 12 },
};

const structured: CanonicalResponse = { ...canned, content: [{ type: 'text', text: '{"title":"Dune","year":1965}' }], finishReason: 'stop' };

/** Split text and arguments into small deltas, as a real upstream streams them. */
function* chunked(response: CanonicalResponse): Generator<StreamEvent> {
  for (const event of replayResponse(response)) {
    if (event.type === 'text_delta' || event.type === 'reasoning_delta') {
      for (const piece of event.text.match(/.{1,4}/gs) ?? []) yield { ...event, text: piece };
    } else if (event.type === 'tool_call_delta') {
      for (const piece of event.arguments.match(/.{1,5}/gs) ?? []) yield { ...event, arguments: piece };
    } else yield event;
  }
}

async function* failingMidway(): AsyncGenerator<StreamEvent> {
  yield { type: 'start', id: 'x', model: 'm', created: 1 };
  yield { type: 'text_delta', text: 'Hel' };
  yield { type: 'error', error: new GatewayError({ status: 429, code: 'rate_limited', message: 'Upstream rate limit reached.' }) };
}

async function* from(events: Iterable<StreamEvent>): AsyncGenerator<StreamEvent> {
  yield* events;
}

/** A stand-in for the gateway: the real format parses the body and renders a canned canonical answer. */
function startServer(): Promise<Server> {
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    try {
      if (req.method !== 'POST' || req.url !== '/v1/responses') throw new GatewayError({ status: 404, code: 'not_found', message: 'Unknown route.' });
      const { request, render } = openAiResponsesFormat.parseRequest(JSON.parse(raw));
      const answer = request.responseFormat?.type === 'json_schema' ? structured : canned;
      if (!request.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(openAiResponsesFormat.renderResponse(answer, render)));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const events = request.model === 'fails-midway' ? failingMidway() : from(chunked(answer));
      for await (const frame of openAiResponsesFormat.renderStream(events, render)) res.write(frame);
      res.end();
    } catch (thrown) {
      const { status, body } = openAiResponsesFormat.renderError(toGatewayError(thrown));
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'weather', description: 'Weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false },
];

describe('the openai SDK against renderResponse/renderStream over HTTP', () => {
  let server: Server;
  let client: OpenAI;
  before(async () => {
    server = await startServer();
    client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: 'x', maxRetries: 0 });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function assertCannedOutput(response: OpenAI.Responses.Response): void {
    assert.equal(response.output_text, 'Checking both.');
    assert.equal(response.model, 'any/model');
    assert.equal(response.status, 'completed');
    assert.deepEqual(
      response.output.map((item) => item.type),
      ['reasoning', 'message', 'function_call', 'function_call'],
    );
    const reasoning = response.output[0];
    assert.ok(reasoning.type === 'reasoning');
    assert.deepEqual(reasoning.summary, [{ type: 'summary_text', text: 'The user wants two cities.' }]);
    const calls = response.output.filter((item) => item.type === 'function_call');
    assert.deepEqual(
      calls.map((call) => [call.call_id, call.name, JSON.parse(call.arguments)]),
      [
        ['call_paris', 'weather', { city: 'Paris' }],
        ['call_rome', 'weather', { city: 'Rome' }],
      ],
    );
    assert.deepEqual(response.usage, {
      input_tokens: 50,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens: 40,
      output_tokens_details: { reasoning_tokens: 12 },
      total_tokens: 90,
    });
  }

  it('responses.create without streaming', async () => {
    const response = await client.responses.create({ model: 'any/model', input: 'Weather in Paris and Rome?', tools });
    assertCannedOutput(response);
    assert.deepEqual(response.tools.map((tool) => tool.type === 'function' && tool.name), ['weather']);
  });

  it('responses.stream(...).finalResponse() accumulates the same response from the events', async () => {
    const stream = client.responses.stream({ model: 'any/model', input: 'Weather in Paris and Rome?', tools, reasoning: { effort: 'low', summary: 'auto' } });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const response = await stream.finalResponse();
    assertCannedOutput(response);
    assert.equal(deltas.join(''), 'Checking both.');
  });

  it('responses.create with stream: true yields events numbered from 0', async () => {
    const stream = await client.responses.create({ model: 'any/model', input: 'Weather?', tools, stream: true });
    const numbers: number[] = [];
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of stream) {
      numbers.push(event.sequence_number);
      last = event;
    }
    assert.deepEqual(numbers, numbers.map((_, i) => i));
    assert.equal(last?.type, 'response.completed');
  });

  it('the function call round trip continues with function_call_output items', async () => {
    const first = await client.responses.create({ model: 'any/model', input: 'Weather in Paris and Rome?', tools, store: false });
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris and Rome?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[])];
    for (const item of first.output) if (item.type === 'function_call') input.push({ type: 'function_call_output', call_id: item.call_id, output: 'sunny' });
    const second = await client.responses.create({ model: 'any/model', input, tools, store: false });
    assert.equal(second.output_text, 'Checking both.');
  });

  it('responses.parse reads structured output from a json_schema text format', async () => {
    const response = await client.responses.parse({
      model: 'any/model',
      input: 'A science fiction book?',
      text: { format: { type: 'json_schema', name: 'book', schema: { type: 'object', properties: { title: { type: 'string' }, year: { type: 'integer' } }, required: ['title', 'year'], additionalProperties: false }, strict: true } },
    });
    assert.deepEqual(response.output_parsed, { title: 'Dune', year: 1965 });
  });

  it('a request the gateway refuses surfaces as the SDK\'s BadRequestError with param', async () => {
    await assert.rejects(client.responses.create({ model: 'any/model', input: 'Hi', previous_response_id: 'resp_123' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.status, 400);
      assert.equal(error.param, 'previous_response_id');
      assert.equal(error.type, 'invalid_request_error');
      assert.match(error.message, /stateless/);
      return true;
    });
    await assert.rejects(client.responses.create({ model: 'any/model', input: 'Hi', tools: [{ type: 'web_search' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.param, 'tools[0].type');
      return true;
    });
  });

  it('an error in the middle of a stream rejects the SDK stream with its message', async () => {
    const stream = client.responses.stream({ model: 'fails-midway', input: 'Hi' });
    await assert.rejects(stream.finalResponse(), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.match(error.message, /Upstream rate limit reached/);
      return true;
    });
  });
});
