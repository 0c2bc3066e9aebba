import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import type { Message } from '../../core/message.ts';
import { readHarRequestBodies } from '../../testing/har.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';
import { readVcrRequestBodies } from '../../testing/vcr-cassette.ts';
import { parseMessagesRequest } from './parse-messages-request.ts';

const harRequests = (name: string): Array<Record<string, unknown>> => readHarRequestBodies(`anthropic/${name}`);
const vcrRequests = (name: string): Array<Record<string, unknown>> => readVcrRequestBodies(`anthropic/${name}`);
const fixtureJson = (name: string) => readFixtureJson<any>(`anthropic/${name}`);

function rejects(body: unknown, expected: { message?: string | RegExp; code?: string; param?: string }): void {
  assert.throws(
    () => parseMessagesRequest(body),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 400);
      if (typeof expected.message === 'string') assert.equal(error.message, expected.message);
      else if (expected.message) assert.match(error.message, expected.message);
      assert.equal(error.code, expected.code ?? 'invalid_request');
      if (expected.param !== undefined) assert.equal(error.param, expected.param);
      return true;
    },
  );
}

const minimal = { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };

describe('parseMessagesRequest on recorded requests', () => {
  it('splits tool results out of the user turn into a tool message, naming each result after its call (stream-tool-use-then-result.har)', () => {
    const [, second] = harRequests('stream-tool-use-then-result.har');
    const { request, render } = parseMessagesRequest(second);
    assert.equal(render.requestedModel, 'claude-haiku-4-5');
    assert.equal(request.stream, true);
    assert.equal(request.maxTokens, 1000);
    assert.deepEqual(request.messages.slice(1), [
      {
        role: 'assistant',
        content: [
          { type: 'tool_call', id: 'toolu_01NW9V1YCeF2aaDjiUnTSUH1', name: 'secret_retrieval_tool', arguments: '{"password":"mellon"}' },
          { type: 'tool_call', id: 'toolu_015k2gzpZWrWT7ZKrmd1sPRg', name: 'secret_retrieval_tool', arguments: '{"password":"radiance"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool_result', toolCallId: 'toolu_01NW9V1YCeF2aaDjiUnTSUH1', name: 'secret_retrieval_tool', content: [{ type: 'text', text: 'Welcome to Moria!' }], isError: false },
          {
            type: 'tool_result',
            toolCallId: 'toolu_015k2gzpZWrWT7ZKrmd1sPRg',
            name: 'secret_retrieval_tool',
            // The result's cache breakpoint sits at the end of its content.
            content: [{ type: 'text', text: 'Life before Death', cacheControl: { type: 'ephemeral' } }],
            isError: false,
          },
        ],
      },
    ] satisfies Message[]);
    assert.deepEqual(request.tools, [
      {
        name: 'secret_retrieval_tool',
        description: "A tool that requires a password to retrieve a secret. Takes a 'password' field.",
        parameters: { type: 'object', properties: { password: { type: 'string' } }, required: ['password'] },
      },
    ]);
    assert.equal(request.extra, undefined);
  });

  it('takes thinking enabled with a budget as reasoning shown to the client (stream-thinking-signature.har)', () => {
    const [body] = harRequests('stream-thinking-signature.har');
    const { request } = parseMessagesRequest(body);
    assert.deepEqual(request.reasoning, { budgetTokens: 3200, includeThoughts: true });
    assert.equal(request.maxTokens, 16000);
    assert.deepEqual(request.messages, [{ role: 'user', content: [{ type: 'text', text: 'What is 2 + 2? Think step by step.' }] }]);
  });

  it('keeps a signed thinking block echoed back byte-exact, and redacted thinking as is (thinking.json as the earlier turn)', () => {
    const earlier = fixtureJson('thinking.json') as { content: Array<{ type: string; thinking?: string; signature?: string }> };
    const { request } = parseMessagesRequest({
      ...minimal,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        { role: 'user', content: 'What is 925 divided by 5?' },
        { role: 'assistant', content: [...earlier.content, { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4a' }] },
        { role: 'user', content: 'And times 2?' },
      ],
    });
    const [thinking] = earlier.content;
    assert.deepEqual(request.messages[1], {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: '925 divided by 5 = 185', signature: thinking.signature },
        { type: 'text', text: '925 ÷ 5 = 185' },
        { type: 'reasoning', text: '', redacted: 'EmwKAhgBEgy3va3pzix/LafPsn4a' },
      ],
    });
  });

  it('reads a url image source as a url (vision-image-url.har) and a base64 source as base64 (vision-image-base64.vcr.yaml)', () => {
    const [urlBody] = harRequests('vision-image-url.har');
    assert.deepEqual(parseMessagesRequest(urlBody).request.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Describe this image in one short sentence.' },
          { type: 'image', source: { kind: 'url', url: 'https://en.wikipedia.org/static/images/icons/wikipedia.png' } },
        ],
      },
    ]);
    const [base64Body] = vcrRequests('vision-image-base64.vcr.yaml');
    const { request } = parseMessagesRequest(base64Body);
    const [image, text] = (request.messages[0] as Extract<Message, { role: 'user' }>).content;
    assert.equal(image.type, 'image');
    assert.equal(image.source.kind, 'base64');
    assert.ok(image.source.kind === 'base64' && image.source.mediaType === 'image/png' && image.source.data.startsWith('iVBORw0KGgo'));
    assert.deepEqual(text, { type: 'text', text: 'Describe image in three words' });
    assert.equal(request.temperature, 1);
  });

  it("keeps cache_control breakpoints on text blocks and accepts the SDK's echoed `citations: null` (usage-cache-multi-turn.vcr.yaml)", () => {
    const third = vcrRequests('usage-cache-multi-turn.vcr.yaml')[2];
    const { request } = parseMessagesRequest(third);
    assert.deepEqual(
      request.messages.map((message) => message.role),
      ['user', 'assistant', 'user', 'assistant', 'user'],
    );
    assert.deepEqual(request.messages[4], { role: 'user', content: [{ type: 'text', text: 'I have a bad feeling about this', cacheControl: { type: 'ephemeral' } }] });
    const assistant = request.messages[3];
    assert.ok(assistant.role === 'assistant' && assistant.content[0].type === 'text' && !('citations' in assistant.content[0]));
  });

  it('takes a client tool with an empty description and schema as is (stream-tool-use.vcr.yaml)', () => {
    const [body] = vcrRequests('stream-tool-use.vcr.yaml');
    assert.deepEqual(parseMessagesRequest(body).request.tools, [{ name: 'pelican_name_generator', description: '', parameters: { properties: {}, type: 'object' } }]);
  });
});

describe('parseMessagesRequest field by field', () => {
  it('puts the system prompt first, as a string or as text blocks with their cache breakpoints', () => {
    assert.deepEqual(parseMessagesRequest({ ...minimal, system: 'Be brief.' }).request.messages[0], { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] });
    const { request } = parseMessagesRequest({
      ...minimal,
      system: [
        { type: 'text', text: 'Long rules...', cache_control: { type: 'ephemeral', ttl: '1h' } },
        { type: 'text', text: 'Be kind.' },
      ],
    });
    assert.deepEqual(request.messages, [
      { role: 'system', content: [{ type: 'text', text: 'Long rules...', cacheControl: { type: 'ephemeral', ttl: '1h' } }, { type: 'text', text: 'Be kind.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
  });

  it('places the tool results of a turn before the rest of it; results may hold images and report errors', () => {
    const { request } = parseMessagesRequest({
      ...minimal,
      messages: [
        { role: 'user', content: 'Screenshot please' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Here you go:' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              is_error: true,
              content: [
                { type: 'text', text: 'partial capture' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              ],
            },
            { type: 'tool_result', tool_use_id: 'toolu_unknown' },
          ],
        },
      ],
    });
    assert.deepEqual(request.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'tool_call', id: 'toolu_1', name: 'screenshot', arguments: '{}' }] },
      {
        role: 'tool',
        content: [
          {
            type: 'tool_result',
            toolCallId: 'toolu_1',
            name: 'screenshot',
            isError: true,
            content: [
              { type: 'text', text: 'partial capture' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
            ],
          },
          { type: 'tool_result', toolCallId: 'toolu_unknown', content: [] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Here you go:' }] },
    ] satisfies Message[]);
  });

  it('reads a thinking block with an empty signature (as the gateway renders unsigned reasoning) as unsigned reasoning', () => {
    const { request } = parseMessagesRequest({
      ...minimal,
      messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: '' }, { type: 'text', text: 'Hello' }] }],
    });
    assert.deepEqual(request.messages[1], { role: 'assistant', content: [{ type: 'reasoning', text: 'hmm' }, { type: 'text', text: 'Hello' }] });
  });

  it('maps tool_choice auto/any/none/tool, with disable_parallel_tool_use as parallelToolCalls false', () => {
    const choice = (tool_choice: unknown) => {
      const { request } = parseMessagesRequest({ ...minimal, tool_choice });
      return [request.toolChoice, request.parallelToolCalls];
    };
    assert.deepEqual(choice({ type: 'auto' }), ['auto', undefined]);
    assert.deepEqual(choice({ type: 'any', disable_parallel_tool_use: true }), ['required', false]);
    assert.deepEqual(choice({ type: 'tool', name: 'get_weather' }), [{ name: 'get_weather' }, undefined]);
    assert.deepEqual(choice({ type: 'none' }), ['none', undefined]);
  });

  it('maps sampling, stop sequences, user id, thinking modes, effort and structured output; unknown fields go to extra', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const { request } = parseMessagesRequest({
      ...minimal,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['\n\nHuman:'],
      metadata: { user_id: 'user-42' },
      output_format: { type: 'json_schema', schema },
      service_tier: 'standard_only',
      container: 'container_abc',
    });
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topP, 0.9);
    assert.equal(request.topK, 40);
    assert.deepEqual(request.stop, ['\n\nHuman:']);
    assert.equal(request.user, 'user-42');
    assert.deepEqual(request.responseFormat, { type: 'json_schema', name: 'output', schema });
    assert.deepEqual(request.extra, { service_tier: 'standard_only', container: 'container_abc' });
    assert.equal(request.reasoning, undefined);

    assert.deepEqual(parseMessagesRequest({ ...minimal, thinking: { type: 'disabled' } }).request.reasoning, { disabled: true });
    assert.deepEqual(parseMessagesRequest({ ...minimal, thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }).request.reasoning, {
      includeThoughts: true,
      effort: 'high',
    });
    const ga = parseMessagesRequest({ ...minimal, output_config: { format: { type: 'json_schema', schema } } }).request;
    assert.deepEqual(ga.responseFormat, { type: 'json_schema', name: 'output', schema });
  });
});

describe('parseMessagesRequest validation', () => {
  it('requires max_tokens, as Anthropic does', () => {
    rejects({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }] }, { message: 'max_tokens: Field required', param: 'max_tokens' });
  });

  it('names the offending block by its dotted path', () => {
    rejects(
      { ...minimal, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'picture', url: 'x' }] }] },
      { message: /^messages\.1\.content\.0\.type: expected a content block of type text, tool_use, thinking or redacted_thinking/, param: 'messages.1.content.0.type' },
    );
    rejects(
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text' }] }] }] },
      { message: /^messages\.0\.content\.0\.content\.0\.text: Field required/ },
    );
    rejects({ ...minimal, messages: [{ role: 'system', content: 'Hi' }] }, { message: /^messages\.0\.role: expected role 'user' or 'assistant'/ });
    rejects({ ...minimal, temperature: 1.5 }, { message: /^temperature: Too big/ });
    rejects({ ...minimal, max_tokens: 0 }, { message: /^max_tokens: Too small/ });
    rejects({ ...minimal, tools: [{ name: 'get_weather', description: 'Weather' }] }, { message: 'tools.0.input_schema: Field required', param: 'tools.0.input_schema' });
    rejects([minimal], { message: 'The request body must be a JSON object.' });
  });

  it('refuses server tools and blocks it cannot carry to every provider by name, rather than dropping them', () => {
    rejects(
      { ...minimal, tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 3 }] },
      { code: 'unsupported_feature', param: 'tools.0.type', message: /server tool 'web_search_20250305' is not supported/ },
    );
    rejects(
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }] }] },
      { code: 'unsupported_feature', param: 'messages.0.content.0.type', message: /'document' content blocks are not supported/ },
    );
    rejects(
      { ...minimal, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] }] },
      { code: 'unsupported_feature', param: 'messages.0.content.0.source', message: /file source/ },
    );
    rejects(
      { ...minimal, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} }] }] },
      { code: 'unsupported_feature', param: 'messages.1.content.0.type', message: /'server_tool_use' content blocks/ },
    );
  });
});
