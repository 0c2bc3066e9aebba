import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { collectStream } from '../../core/collect-stream.ts';
import { GatewayError, toGatewayError } from '../../core/errors.ts';
import type { StreamEvent } from '../../core/events.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import type { CanonicalResponse } from '../../core/response.ts';
import { replayResponse } from '../../core/replay-response.ts';
import { anthropicMessagesFormat as format } from './index.ts';

/**
 * The official SDK talking to this format: its `fetch` is answered by parseRequest and the
 * renderers directly (the gateway's HTTP wiring is tested with the routes), so what is checked
 * is that the SDK's own request bodies parse and that it reads our responses, streams and errors.
 */
function sdkAgainst(answer: (request: CanonicalRequest) => StreamEvent[]): { client: Anthropic; seen: CanonicalRequest[] } {
  const seen: CanonicalRequest[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const client = new Anthropic({
    apiKey: 'sk-test',
    baseURL: 'http://gateway.test',
    maxRetries: 0,
    fetch: async (_url: string | URL | Request, init?: RequestInit) => {
      try {
        const { request, render } = format.parseRequest(JSON.parse(String(init?.body)));
        seen.push(request);
        const events = answer(request);
        if (!request.stream) {
          const error = events.find((event) => event.type === 'error');
          if (error) throw error.error;
          return json(200, format.renderResponse(await collectStream(ReadableStream.from(events)), render));
        }
        const frames = ReadableStream.from(format.renderStream(ReadableStream.from(events), render)).pipeThrough(new TextEncoderStream());
        return new Response(frames, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      } catch (thrown) {
        const { status, body } = format.renderError(toGatewayError(thrown));
        return json(status, body);
      }
    },
  });
  return { client, seen };
}

const weatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } };

const answer: CanonicalResponse = {
  id: 'chatcmpl-9',
  model: 'gpt-5-mini',
  created: 0,
  content: [
    { type: 'reasoning', text: 'Paris weather needs the tool.' },
    { type: 'text', text: 'Let me check.' },
    { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
  ],
  finishReason: 'tool_calls',
  usage: { inputTokens: 50, outputTokens: 20, cacheReadTokens: 30 },
};

describe('@anthropic-ai/sdk against the anthropic-messages format', () => {
  it('streams: the SDK accumulates the same message a non-streamed call returns', async () => {
    const { client, seen } = sdkAgainst(() => [...replayResponse(answer)]);
    const stream = client.messages.stream({ model: 'openai/gpt-5-mini', max_tokens: 1024, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const streamed = await stream.finalMessage();
    const created = await client.messages.create({ model: 'openai/gpt-5-mini', max_tokens: 1024, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });

    assert.equal(text, 'Let me check.');
    // The stream helper adds fields of its own (`parsed_output`, `stop_details`).
    const { parsed_output: _parsed, stop_details: _details, ...accumulated } = streamed;
    assert.deepEqual({ ...accumulated, id: created.id }, created);
    assert.deepEqual(created.content, [
      { type: 'thinking', thinking: 'Paris weather needs the tool.', signature: '' },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    assert.equal(created.stop_reason, 'tool_use');
    assert.deepEqual(created.usage, { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 30, output_tokens: 20 });
    assert.deepEqual(seen.map((request) => request.stream), [true, false]);
  });

  it("parses the SDK's follow-up turn: the assistant message echoed back and the tool result", async () => {
    const { client, seen } = sdkAgainst(() => [...replayResponse(answer)]);
    const first = await client.messages.create({ model: 'm', max_tokens: 1024, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Paris?' }] });
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    assert.ok(toolUse);
    // What agents do: the response's content goes back as the assistant turn, as is.
    await client.messages.create({
      model: 'm',
      max_tokens: 1024,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '18°C, sunny' }] },
      ],
    });
    assert.deepEqual(seen[1].messages.slice(1), [
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Paris weather needs the tool.' },
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'call_1', name: 'get_weather', content: [{ type: 'text', text: '18°C, sunny' }] }] },
    ]);
  });

  it('raises the typed SDK error for a validation failure, with our message', async () => {
    const { client } = sdkAgainst(() => []);
    const params = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming;
    await assert.rejects(client.messages.create(params), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError);
      assert.equal(error.status, 400);
      assert.deepEqual(error.error, { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
      return true;
    });
  });

  it('raises an SDK error for an error event in the middle of a stream', async () => {
    const { client } = sdkAgainst(() => [
      { type: 'start', id: 'msg_1', model: 'm', created: 0 },
      { type: 'text_delta', text: 'Par' },
      { type: 'error', error: new GatewayError({ status: 529, code: 'overloaded', message: 'Overloaded' }) },
    ]);
    const stream = client.messages.stream({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    await assert.rejects(stream.finalMessage(), (error: unknown) => {
      assert.ok(error instanceof Anthropic.APIError);
      assert.match(error.message, /Overloaded/);
      assert.deepEqual(error.error, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      return true;
    });
  });
});
