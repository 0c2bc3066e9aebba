import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../core/errors.ts';
import { parseResponsesRequest } from './parse-responses-request.ts';
import { readHarRequestBodies } from '../../testing/har.ts';
import { readVcrRequestBodies } from '../../testing/vcr-cassette.ts';

function rejects(body: unknown, expected: { status?: number; code?: string; param?: string; message?: RegExp }): void {
  assert.throws(
    () => parseResponsesRequest(body),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, expected.status ?? 400);
      if (expected.code) assert.equal(error.code, expected.code);
      if (expected.param) assert.equal(error.param, expected.param);
      if (expected.message) assert.match(error.message, expected.message);
      return true;
    },
  );
}

describe('parseResponsesRequest on recorded requests', () => {
  it('reads a function call round trip: function_call becomes an assistant tool call, function_call_output a tool message', () => {
    const [, second] = readVcrRequestBodies('openai-responses/stream-function-call-roundtrip.vcr.yaml');
    const { request, render } = parseResponsesRequest(second);
    assert.equal(request.model, 'gpt-5.5');
    assert.equal(request.stream, true);
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ type: 'text', text: 'What is 1231 * 2331? Use the multiply tool.' }] },
      { role: 'assistant', content: [{ type: 'tool_call', id: 'call_sVidsfFJ6zlzRpelrPkTPlpd', name: 'multiply', arguments: '{"a": 1231, "b": 2331}' }] },
      { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'call_sVidsfFJ6zlzRpelrPkTPlpd', content: [{ type: 'text', text: '2869461' }] }] },
    ]);
    assert.deepEqual(request.tools, [
      {
        name: 'multiply',
        description: 'Multiply two numbers.',
        parameters: { properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'], type: 'object' },
      },
    ]);
    assert.deepEqual(request.reasoning, { effort: 'low' });
    // include and store: false are Responses-only knobs; forwarding them would break a Chat Completions upstream.
    assert.equal(request.extra, undefined);
    assert.equal(render.requestedModel, 'gpt-5.5');
    assert.equal(render.echo?.tools[0]?.type, 'function');
  });

  it('keeps replayed reasoning items in front of the calls they led to, with encrypted_content as redacted state', () => {
    const bodies = readVcrRequestBodies('openai-responses/interleaved-reasoning-tool-calls.vcr.yaml');
    const { request } = parseResponsesRequest(bodies[bodies.length - 1]);
    const roles = request.messages.map((message) => message.role);
    assert.deepEqual(roles.slice(0, 5), ['user', 'assistant', 'tool', 'assistant', 'tool']);
    const firstTurn = request.messages[1];
    assert.equal(firstTurn.role, 'assistant');
    assert.deepEqual(
      firstTurn.content.map((part) => part.type),
      ['reasoning', 'tool_call'],
    );
    const reasoning = firstTurn.content[0];
    assert.ok(reasoning.type === 'reasoning');
    assert.equal(reasoning.text, '');
    assert.match(reasoning.redacted ?? '', /^gAAAAA/);
    assert.equal(reasoning.signature, undefined);
  });

  it('reads input_image parts with a URL and detail', () => {
    const [body] = readVcrRequestBodies('openai-responses/vision-input-image-url.vcr.yaml');
    const { request } = parseResponsesRequest(body);
    assert.deepEqual(request.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe the following image in one sentence' },
          { type: 'image', source: { kind: 'url', url: 'https://en.wikipedia.org/static/images/icons/wikipedia.png' }, detail: 'auto' },
        ],
      },
    ]);
  });

  it('reads reasoning effort and a summary request as includeThoughts', () => {
    const [body] = readHarRequestBodies('openai-responses/reasoning-summary.har');
    const { request, render } = parseResponsesRequest(body);
    assert.deepEqual(request.reasoning, { effort: 'low', includeThoughts: true });
    assert.equal(request.maxTokens, 8192);
    assert.equal(request.stream, false);
    assert.deepEqual(render.echo?.reasoning, { effort: 'low', summary: 'auto' });
    assert.equal(render.echo?.max_output_tokens, 8192);
  });
});

describe('parseResponsesRequest', () => {
  it('takes a string input as one user message and instructions as a leading system message', () => {
    const { request, render } = parseResponsesRequest({ model: 'anthropic/claude-sonnet-4-5', input: 'Hi', instructions: 'Be brief.' });
    assert.deepEqual(request.messages, [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
    assert.equal(render.echo?.instructions, 'Be brief.');
  });

  it('maps text.format json_schema to the canonical response format', () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
    const { request, render } = parseResponsesRequest({
      model: 'm',
      input: 'Recommend a book',
      text: { format: { type: 'json_schema', name: 'book', schema, strict: true } },
    });
    assert.deepEqual(request.responseFormat, { type: 'json_schema', name: 'book', schema, strict: true });
    assert.deepEqual(render.echo?.text, { format: { type: 'json_schema', name: 'book', schema, strict: true } });
    assert.deepEqual(parseResponsesRequest({ model: 'm', input: 'x', text: { format: { type: 'json_object' } } }).request.responseFormat, { type: 'json_object' });
  });

  it('merges consecutive function calls into one assistant message and their outputs into one tool message', () => {
    const { request } = parseResponsesRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Two cities.' }], encrypted_content: 'sig:abc' },
        { type: 'function_call', id: 'fc_1', call_id: 'c1', name: 'weather', arguments: '{"city":"Paris"}', status: 'completed' },
        { type: 'function_call', id: 'fc_2', call_id: 'c2', name: 'weather', arguments: '{"city":"Rome"}', status: 'completed' },
        { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'rain' }] },
      ],
    });
    assert.deepEqual(request.messages.slice(1), [
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two cities.', signature: 'abc' },
          { type: 'tool_call', id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'tool_call', id: 'c2', name: 'weather', arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool_result', toolCallId: 'c1', content: [{ type: 'text', text: 'sunny' }] },
          { type: 'tool_result', toolCallId: 'c2', content: [{ type: 'text', text: 'rain' }] },
        ],
      },
    ]);
  });

  it('accepts assistant messages replayed from earlier output (id, status, annotations, logprobs)', () => {
    const { request } = parseResponsesRequest({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'Hello' },
        { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi!', annotations: [], logprobs: [] }] },
        { role: 'developer', content: [{ type: 'input_text', text: 'Stay polite.' }] },
        { role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }] },
      ],
    });
    assert.deepEqual(request.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'text', text: 'Hi!' }] },
      { role: 'system', content: [{ type: 'text', text: 'Stay polite.' }] },
      { role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }] },
    ]);
  });

  it('maps tool_choice, parallel_tool_calls, sampling, user; unknown fields go to extra and text.verbosity becomes verbosity', () => {
    const { request } = parseResponsesRequest({
      model: 'm',
      input: 'x',
      tools: [{ type: 'function', name: 'f', parameters: null, strict: null }],
      tool_choice: { type: 'function', name: 'f' },
      parallel_tool_calls: false,
      temperature: 0.2,
      top_p: 0.9,
      max_output_tokens: 100,
      user: 'u-1',
      metadata: { run: '7' },
      text: { verbosity: 'low' },
      service_tier: 'flex',
      reasoning: { effort: 'none' },
    });
    assert.deepEqual(request.tools, [{ name: 'f', parameters: { type: 'object', properties: {} } }]);
    assert.deepEqual(request.toolChoice, { name: 'f' });
    assert.equal(request.parallelToolCalls, false);
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topP, 0.9);
    assert.equal(request.maxTokens, 100);
    assert.equal(request.user, 'u-1');
    assert.deepEqual(request.reasoning, { disabled: true });
    assert.deepEqual(request.extra, { service_tier: 'flex', verbosity: 'low' });
  });
});

describe('parseResponsesRequest refuses what it cannot serve', () => {
  it('refuses server-side state with a 400 that says the API is stateless', () => {
    rejects({ model: 'm', input: 'x', previous_response_id: 'resp_1' }, { param: 'previous_response_id', message: /stateless/ });
    rejects({ model: 'm', input: 'x', store: true }, { param: 'store', message: /stateless/ });
    rejects({ model: 'm', input: 'x', conversation: 'conv_1' }, { param: 'conversation' });
    rejects({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }, { param: 'input[0].type', message: /stateless/ });
    assert.doesNotThrow(() => parseResponsesRequest({ model: 'm', input: 'x', store: false }));
  });

  it('refuses built-in tools by name', () => {
    rejects({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f' }, { type: 'web_search' }] }, { code: 'unsupported_feature', param: 'tools[1].type', message: /'web_search'/ });
    rejects({ model: 'm', input: 'x', tool_choice: { type: 'file_search' } }, { code: 'unsupported_feature', param: 'tool_choice.type', message: /'file_search'/ });
  });

  it('refuses images by file_id and unsupported item types', () => {
    rejects({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] }, { code: 'unsupported_feature', param: 'input[0].content[0].file_id' });
    rejects({ model: 'm', input: [{ type: 'computer_call_output', call_id: 'x' }] }, { code: 'unsupported_feature', param: 'input[0].type', message: /computer_call_output/ });
    rejects({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] }, { code: 'unsupported_feature', param: 'input[0].content[0].type' });
  });

  it('names the invalid field', () => {
    rejects({ input: 'x' }, { code: 'invalid_request', param: 'model' });
    rejects({ model: 'm', input: [{ role: 'user', content: 'x' }, { type: 'function_call', name: 'f', arguments: '{}' }] }, { param: 'input[1].call_id' });
    rejects({ model: 'm', input: [{ role: 'robot', content: 'x' }] }, { param: 'input[0].role' });
    rejects({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f', parameters: 'nope' }] }, { param: 'tools[0].parameters' });
    rejects({ model: 'm', input: 'x', text: { format: { type: 'json_schema', schema: {} } } }, { param: 'text.format.name' });
    rejects({ model: 'm', input: 'x', temperature: 3 }, { param: 'temperature' });
    rejects({ model: 'm', input: [] }, { param: 'input' });
    rejects('not an object', { code: 'invalid_request' });
  });
});
