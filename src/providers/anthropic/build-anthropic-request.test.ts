import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import type { Message, TextPart } from '../../core/message.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import { parseAnthropicResponse } from './parse-anthropic-response.ts';
import { anthropicAdapter } from './index.ts';
import { jsonObjectInstruction } from './build-anthropic-request.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const settings = { id: 'anthropic', baseUrl: 'https://api.anthropic.com/', apiKey: 'sk-ant-test' };
const base = (overrides: Partial<CanonicalRequest>): CanonicalRequest => ({
  model: 'anthropic/claude-haiku-4-5',
  stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  ...overrides,
});
const build = (request: CanonicalRequest, model = 'claude-haiku-4-5') => anthropicAdapter.buildRequest(request, model, settings);
const body = (request: CanonicalRequest, model?: string) => JSON.parse(build(request, model).body!) as Record<string, any>;

/** Anthropic accepts `content: "Hi"` as shorthand for one text block; recordings use both forms. */
function normalize(recorded: Record<string, any>): Record<string, any> {
  return {
    ...recorded,
    messages: recorded.messages.map((message: { role: string; content: unknown }) => ({
      ...message,
      content: typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content,
    })),
  };
}

const text = (value: string, cached = false): TextPart => ({ type: 'text', text: value, ...(cached ? { cacheControl: { type: 'ephemeral' as const } } : {}) });

describe('buildAnthropicRequest against recorded request bodies', () => {
  it('sends POST {baseUrl}/v1/messages with x-api-key and anthropic-version', () => {
    const request = build(base({}));
    assert.equal(request.url, 'https://api.anthropic.com/v1/messages');
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['x-api-key'], 'sk-ant-test');
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['anthropic-beta'], undefined);
  });

  it('multi-turn tool use then tool results (stream-tool-use-then-result.har, second request)', () => {
    const recorded = normalize(JSON.parse(readHarExchanges('anthropic/stream-tool-use-then-result.har')[1].requestBody));
    // Canonical tools carry no cache_control yet (see report); the recording's tool breakpoint is set aside.
    for (const tool of recorded.tools) delete tool.cache_control;
    const prompt = recorded.messages[0].content[0].text as string;
    const request = base({
      stream: true,
      maxTokens: 1000,
      messages: [
        { role: 'user', content: [text(prompt)] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_call', id: 'toolu_01NW9V1YCeF2aaDjiUnTSUH1', name: 'secret_retrieval_tool', arguments: '{"password": "mellon"}' },
            { type: 'tool_call', id: 'toolu_015k2gzpZWrWT7ZKrmd1sPRg', name: 'secret_retrieval_tool', arguments: '{"password": "radiance"}' },
          ],
        },
        // Two tool messages merge into one user turn, as Anthropic requires alternation.
        { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'toolu_01NW9V1YCeF2aaDjiUnTSUH1', content: [text('Welcome to Moria!')], isError: false }] },
        { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'toolu_015k2gzpZWrWT7ZKrmd1sPRg', content: [text('Life before Death', true)], isError: false }] },
      ],
      tools: [{ name: 'secret_retrieval_tool', description: recorded.tools[0].description, parameters: recorded.tools[0].input_schema }],
    });
    assert.deepEqual(body(request), recorded);
  });

  it('thinking with a budget (stream-thinking-signature.har)', () => {
    const recorded = normalize(JSON.parse(readHarExchanges('anthropic/stream-thinking-signature.har')[0].requestBody));
    const request = base({
      stream: true,
      maxTokens: 16000,
      reasoning: { budgetTokens: 3200 },
      messages: [{ role: 'user', content: [text('What is 2 + 2? Think step by step.')] }],
    });
    assert.deepEqual(body(request, 'claude-sonnet-4-20250514'), recorded);
  });

  it('image by URL (vision-image-url.har)', () => {
    const recorded = JSON.parse(readHarExchanges('anthropic/vision-image-url.har')[0].requestBody);
    const request = base({
      maxTokens: 150,
      messages: [
        {
          role: 'user',
          content: [text('Describe this image in one short sentence.'), { type: 'image', source: { kind: 'url', url: 'https://en.wikipedia.org/static/images/icons/wikipedia.png' } }],
        },
      ],
    });
    assert.deepEqual(body(request), recorded);
  });

  it('base64 image, temperature and stream (vision-image-base64.vcr.yaml)', () => {
    const recorded = JSON.parse(readVcrExchanges('anthropic/vision-image-base64.vcr.yaml')[0].requestBody);
    const image = recorded.messages[0].content[0].source;
    const request = base({
      stream: true,
      maxTokens: 8192,
      temperature: 1,
      messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: image.media_type, data: image.data } }, text('Describe image in three words')] }],
    });
    assert.deepEqual(body(request, 'claude-sonnet-4-5'), recorded);
  });

  it('a tool without parameters (stream-tool-use.vcr.yaml)', () => {
    const recorded = JSON.parse(readVcrExchanges('anthropic/stream-tool-use.vcr.yaml')[0].requestBody);
    const request = base({
      stream: true,
      maxTokens: 8192,
      temperature: 1,
      messages: [{ role: 'user', content: [text('Generate one name for a pet pelican')] }],
      tools: [{ name: 'pelican_name_generator', description: '', parameters: { properties: {}, type: 'object' } }],
    });
    assert.deepEqual(body(request, 'claude-haiku-4-5-20251001'), recorded);
  });

  it('cache breakpoints across a multi-turn conversation (usage-cache-multi-turn.vcr.yaml, third request)', () => {
    const recorded = normalize(JSON.parse(readVcrExchanges('anthropic/usage-cache-multi-turn.vcr.yaml')[2].requestBody));
    // The recording client echoed its previous responses' `citations: null` back; it means "no citations".
    for (const message of recorded.messages) for (const block of message.content) if (block.citations === null) delete block.citations;
    const messages: Message[] = recorded.messages.map((message: { role: 'user' | 'assistant'; content: Array<{ text: string; cache_control?: object }> }) => ({
      role: message.role,
      content: message.content.map((block) => text(block.text, block.cache_control !== undefined)),
    }));
    assert.deepEqual(body(base({ maxTokens: 16000, messages }), 'claude-sonnet-4-0'), recorded);
  });

  it('echoes thinking back with its signature byte-exact (thinking.json as the previous turn)', () => {
    const previous = parseAnthropicResponse(readFixtureJson('anthropic/thinking.json'));
    const recorded = readFixtureJson('anthropic/thinking.json') as { content: unknown[] };
    const sent = body(
      base({
        messages: [
          { role: 'user', content: [text('What is 925 / 5?')] },
          { role: 'assistant', content: [...previous.content, { type: 'reasoning', text: 'unsigned thoughts from another provider' }] },
          { role: 'user', content: [text('Thanks')] },
        ],
      }),
    );
    assert.deepEqual(sent.messages[1].content, recorded.content);
  });
});

describe('buildAnthropicRequest mapping rules', () => {
  it('puts leading system messages into system blocks, keeping cache_control', () => {
    const sent = body(base({ messages: [{ role: 'system', content: [text('Be brief.', true)] }, { role: 'system', content: [text('Be kind.')] }, { role: 'user', content: [text('Hi')] }] }));
    assert.deepEqual(sent.system, [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Be kind.' }]);
    assert.equal(sent.messages.length, 1);
  });

  it('merges tool results and a following user message into one user turn, results first', () => {
    const sent = body(
      base({
        messages: [
          { role: 'user', content: [text('Weather?')] },
          { role: 'assistant', content: [{ type: 'tool_call', id: 'toolu_1', name: 'weather', arguments: '' }] },
          { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'toolu_1', content: [text('Sunny'), text('22C')], isError: true }] },
          { role: 'user', content: [text('And tomorrow?')] },
        ],
      }),
    );
    assert.deepEqual(sent.messages[1].content, [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }]);
    assert.deepEqual(sent.messages[2], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }, { type: 'text', text: '22C' }], is_error: true },
        { type: 'text', text: 'And tomorrow?' },
      ],
    });
  });

  it('sends redacted thinking back as redacted_thinking', () => {
    const sent = body(base({ messages: [{ role: 'user', content: [text('a')] }, { role: 'assistant', content: [{ type: 'reasoning', text: '', redacted: 'EmwKAh' }, text('b')] }, { role: 'user', content: [text('c')] }] }));
    assert.deepEqual(sent.messages[1].content, [{ type: 'redacted_thinking', data: 'EmwKAh' }, { type: 'text', text: 'b' }]);
  });

  it('maps sampling, stop, user and tool choice fields', () => {
    const tools = [{ name: 'f', parameters: { type: 'object' } }];
    const sent = body(base({ topP: 0.9, topK: 40, stop: ['###'], user: 'user-42', tools, toolChoice: 'required', parallelToolCalls: false }));
    assert.equal(sent.top_p, 0.9);
    assert.equal(sent.top_k, 40);
    assert.deepEqual(sent.stop_sequences, ['###']);
    assert.deepEqual(sent.metadata, { user_id: 'user-42' });
    assert.deepEqual(sent.tool_choice, { type: 'any', disable_parallel_tool_use: true });
    assert.deepEqual(body(base({ tools, toolChoice: { name: 'f' } })).tool_choice, { type: 'tool', name: 'f' });
    assert.deepEqual(body(base({ tools, toolChoice: 'none' })).tool_choice, { type: 'none' });
    assert.deepEqual(body(base({ tools, parallelToolCalls: false })).tool_choice, { type: 'auto', disable_parallel_tool_use: true });
  });

  it('defaults max_tokens per model and makes room for a thinking budget', () => {
    assert.equal(body(base({})).max_tokens, 8192);
    assert.equal(body(base({}), 'claude-3-haiku-20240307').max_tokens, 4096);
    assert.deepEqual(body(base({ reasoning: { effort: 'low' } })).thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.equal(body(base({ reasoning: { effort: 'low' } })).max_tokens, 2048 + 8192);
    // An effort-derived budget shrinks to fit the client's max_tokens.
    assert.deepEqual(body(base({ maxTokens: 4000, reasoning: { effort: 'high' } })).thinking, { type: 'enabled', budget_tokens: 3999 });
    assert.deepEqual(body(base({ reasoning: { disabled: true } })).thinking, { type: 'disabled' });
  });

  it('json_schema becomes output_config.format; json_object becomes a system instruction', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    assert.deepEqual(body(base({ responseFormat: { type: 'json_schema', name: 'x', schema } })).output_config, { format: { type: 'json_schema', schema } });
    assert.deepEqual(body(base({ responseFormat: { type: 'json_object' } })).system, [jsonObjectInstruction]);
  });
});

describe('buildAnthropicRequest refuses what Anthropic cannot express (400)', () => {
  const refuses = (request: CanonicalRequest, code: string, param: string) =>
    assert.throws(
      () => build(request),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && error.code === code && error.param === param,
    );

  it('seed, presence_penalty, frequency_penalty and n > 1, naming the parameter', () => {
    refuses(base({ seed: 1 }), 'unsupported_feature', 'seed');
    refuses(base({ presencePenalty: 0.5 }), 'unsupported_feature', 'presence_penalty');
    refuses(base({ frequencyPenalty: 0.5 }), 'unsupported_feature', 'frequency_penalty');
    refuses(base({ n: 2 }), 'unsupported_feature', 'n');
    assert.doesNotThrow(() => build(base({ n: 1 })));
  });

  it('a system message after the conversation started', () => {
    refuses(base({ messages: [{ role: 'user', content: [text('Hi')] }, { role: 'system', content: [text('Now be rude.')] }] }), 'unsupported_feature', 'messages[1]');
  });

  it('tool call arguments that are not a JSON object', () => {
    const withArguments = (args: string): CanonicalRequest =>
      base({ messages: [{ role: 'user', content: [text('a')] }, { role: 'assistant', content: [{ type: 'tool_call', id: 't', name: 'f', arguments: args }] }] });
    refuses(withArguments('{"a": '), 'invalid_request', 'messages[1].content[0].arguments');
    refuses(withArguments('[1]'), 'invalid_request', 'messages[1].content[0].arguments');
  });

  it('an explicit thinking budget that does not fit in max_tokens, and forcing a tool without tools', () => {
    refuses(base({ maxTokens: 2000, reasoning: { budgetTokens: 4000 } }), 'invalid_request', 'max_tokens');
    refuses(base({ maxTokens: 500, reasoning: { effort: 'low' } }), 'invalid_request', 'max_tokens');
    refuses(base({ toolChoice: 'required' }), 'invalid_request', 'tool_choice');
  });
});
