import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectStream } from '../../core/collect-stream.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Message } from '../../core/message.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import { googleAdapter, parseGeminiJsonArrayStream } from './index.ts';
import { buildGeminiRequest } from './build-gemini-request.ts';
import { whole } from '../../testing/byte-splits.ts';
import { readHarExchanges } from '../../testing/har.ts';
import { readFixtureText } from '../../testing/recorded-fixtures.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const settings = { id: 'google', baseUrl: 'https://generativelanguage.googleapis.com', apiKey: 'test-key' };
const bodyOf = (request: CanonicalRequest, model = 'gemini-2.5-flash'): Record<string, unknown> =>
  JSON.parse(buildGeminiRequest(request, model, settings).body!) as Record<string, unknown>;
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

test('sse-stream-function-calls-then-responses.har: replaying the recorded turns rebuilds the exact request @google/genai sent', async () => {
  const exchanges = readHarExchanges('gemini/sse-stream-function-calls-then-responses.har');
  const tools = [{ name: 'secret_retrieval_tool', description: "A tool that requires a password to retrieve a secret. Takes a 'password' field.", parameters: { type: 'object', properties: { password: { type: 'string' } }, required: ['password'] } }];
  const messages: Message[] = [user('Please retrieve the secrets for these passwords: "mellon" and "radiance". Use the secret_retrieval_tool for each password.')];
  const results = ['Welcome to Moria!', 'Life before Death'];
  for (const [turn, exchange] of exchanges.entries()) {
    const request: CanonicalRequest = { model: 'google/gemini-2.5-flash', stream: true, maxTokens: 1000, tools, messages };
    const upstream = buildGeminiRequest(request, 'gemini-2.5-flash', settings);
    assert.equal(upstream.url, exchange.url);
    assert.deepEqual(JSON.parse(upstream.body!), JSON.parse(exchange.requestBody), `turn ${turn + 1}`);
    const reply = await collectStream(googleAdapter.parseStream(whole(exchange.responseBody)));
    messages.push({ role: 'assistant', content: reply.content });
    // The client answers by call id only: the adapter finds the function name from the call.
    const call = reply.content.find((p) => p.type === 'tool_call');
    if (call) messages.push({ role: 'tool', content: [{ type: 'tool_result', toolCallId: call.id, content: [{ type: 'text', text: results[turn] }] }] });
  }
});

test('function-call-thought-signature-roundtrip.vcr.yaml: turn 2 echoes the call with its signature and answers with a functionResponse', async () => {
  const [first, second] = readVcrExchanges('gemini/function-call-thought-signature-roundtrip.vcr.yaml');
  const reply = await collectStream(parseGeminiJsonArrayStream(whole(first.responseBody)));
  const call = reply.content.find((p) => p.type === 'tool_call')!;
  const body = bodyOf({
    model: 'google/gemini-3-flash-preview',
    stream: true,
    messages: [user('What is 5 times 3?'), { role: 'assistant', content: reply.content }, { role: 'tool', content: [{ type: 'tool_result', toolCallId: call.id, content: [{ type: 'text', text: '15' }] }] }],
    tools: [{ name: 'multiply', description: 'Multiply two numbers.', parameters: { properties: { x: { type: 'integer' }, y: { type: 'integer' } }, required: ['x', 'y'], type: 'object' } }],
  }, 'gemini-3-flash-preview');
  // The Python client spelled fields in snake_case and added an empty text part; the API reads both forms alike.
  const recorded = JSON.parse(
    second.requestBody.replaceAll('"function_call"', '"functionCall"').replaceAll('"function_response"', '"functionResponse"').replace('{"text":""},', ''),
  ) as { contents: unknown };
  assert.deepEqual(body.contents, recorded.contents);
});

test('sse-stream-thoughts.har and thoughts-token-usage.har: a thinking budget with thoughts included', () => {
  for (const [file, budgetTokens, maxTokens, prompt] of [
    ['sse-stream-thoughts.har', 3200, 16000, 'What is 2 + 2? Think step by step.'],
    ['thoughts-token-usage.har', 1638, 8192, 'What is 2 + 2?'],
  ] as const) {
    const [exchange] = readHarExchanges(`gemini/${file}`);
    const stream = exchange.url.includes('stream');
    const upstream = buildGeminiRequest({ model: 'x', stream, maxTokens, messages: [user(prompt)], reasoning: { budgetTokens, includeThoughts: true } }, 'gemini-2.5-flash', settings);
    assert.equal(upstream.url, exchange.url);
    assert.deepEqual(JSON.parse(upstream.body!), JSON.parse(exchange.requestBody));
  }
});

test('error-404-model-not-found-sse.har: URL, key header and body of a streamed call', () => {
  const [exchange] = readHarExchanges('gemini/error-404-model-not-found-sse.har');
  const upstream = buildGeminiRequest({ model: 'x', stream: true, maxTokens: 100, messages: [user('Hi')] }, 'invalid-model-that-does-not-exist-12345', settings);
  assert.equal(upstream.url, exchange.url);
  assert.equal(upstream.method, 'POST');
  assert.deepEqual(upstream.headers, { 'content-type': 'application/json', 'x-goog-api-key': 'test-key' });
  assert.deepEqual(JSON.parse(upstream.body!), JSON.parse(exchange.requestBody));
});

test('structured-output-response-schema.vcr.yaml: json_schema becomes responseMimeType + the schema, unchanged, as responseJsonSchema', () => {
  const [exchange] = readVcrExchanges('gemini/structured-output-response-schema.vcr.yaml');
  const recorded = JSON.parse(exchange.requestBody).generationConfig as { response_schema: Record<string, unknown> };
  const body = bodyOf({
    model: 'x', stream: true, messages: [user('Invent a cool dog')],
    responseFormat: { type: 'json_schema', name: 'Dog', schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...recorded.response_schema } },
    reasoning: { includeThoughts: true },
  });
  assert.deepEqual(body.generationConfig, { responseMimeType: 'application/json', responseJsonSchema: recorded.response_schema, thinkingConfig: { includeThoughts: true } });
});

test('vision-file-data-image-url.vcr.yaml: an image URL becomes fileData with a mimeType guessed from the extension', () => {
  const url = 'https://upload.wikimedia.org/wikipedia/commons/6/6a/Www.wikipedia_screenshot_%282021%29.png';
  const cassette = readFixtureText('gemini/vision-file-data-image-url.vcr.yaml');
  assert.ok(cassette.includes(`file_uri: ${url}`) && cassette.includes('mime_type: image/png'));
  const body = bodyOf({ model: 'x', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the main content of this URL?' }, { type: 'image', source: { kind: 'url', url } }] }] });
  assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: 'What is the main content of this URL?' }, { fileData: { mimeType: 'image/png', fileUri: url } }] }]);
  const other = bodyOf({ model: 'x', stream: false, messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/photo?id=3' } }, { type: 'image', source: { kind: 'base64', mediaType: 'image/webp', data: 'UklGR' } }] }] });
  assert.deepEqual(other.contents, [{ role: 'user', parts: [{ fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/photo?id=3' } }, { inlineData: { mimeType: 'image/webp', data: 'UklGR' } }] }]);
});

test('system messages join systemInstruction; same-role turns merge; thinking text is not re-sent but its signature is', () => {
  const body = bodyOf({
    model: 'x', stream: false,
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      user('a'), user('b'),
      { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking...' }, { type: 'text', text: 'c' }, { type: 'reasoning', text: '', signature: 'SIG1' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'more', signature: 'SIG2' }, { type: 'tool_call', id: 't1', name: 'f', arguments: '' }] },
      { role: 'tool', content: [{ type: 'tool_result', toolCallId: 't1', name: 'f', content: [{ type: 'text', text: '{"ok":true}' }] }] },
      { role: 'tool', content: [{ type: 'tool_result', toolCallId: 't1', content: [{ type: 'text', text: 'boom' }], isError: true }] },
    ],
  });
  assert.deepEqual(body.systemInstruction, { parts: [{ text: 'Be brief.' }] });
  assert.deepEqual(body.contents, [
    { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] },
    { role: 'model', parts: [{ text: 'c', thoughtSignature: 'SIG1' }, { text: '', thoughtSignature: 'SIG2' }, { functionCall: { name: 'f', args: {} } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'f', response: { ok: true } } }, { functionResponse: { name: 'f', response: { error: 'boom' } } }] },
  ]);
});

test('tools, tool choice, sampling, json mode and effort map onto Gemini fields', () => {
  const base: CanonicalRequest = { model: 'x', stream: false, messages: [user('hi')] };
  const body = bodyOf({
    ...base,
    tools: [{ name: 'f', parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: {}, additionalProperties: false }, strict: true }],
    toolChoice: { name: 'f' },
    temperature: 0.2, topP: 0.9, topK: 40, stop: ['END'], seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.3, n: 1,
    responseFormat: { type: 'json_object' },
    reasoning: { effort: 'low' },
    user: 'end-user-1',
  });
  assert.deepEqual(body.tools, [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object', properties: {}, additionalProperties: false } }] }]);
  assert.deepEqual(body.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } });
  assert.deepEqual(body.generationConfig, {
    temperature: 0.2, topP: 0.9, topK: 40, stopSequences: ['END'], seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.3,
    responseMimeType: 'application/json', thinkingConfig: { thinkingBudget: 2048 },
  });
  assert.deepEqual(bodyOf({ ...base, toolChoice: 'none' }).toolConfig, { functionCallingConfig: { mode: 'NONE' } });
  assert.deepEqual(bodyOf({ ...base, toolChoice: 'required' }).toolConfig, { functionCallingConfig: { mode: 'ANY' } });
  assert.deepEqual(bodyOf({ ...base, toolChoice: 'auto' }).toolConfig, { functionCallingConfig: { mode: 'AUTO' } });
  assert.deepEqual(bodyOf({ ...base, reasoning: { disabled: true, includeThoughts: true } }).generationConfig, { thinkingConfig: { thinkingBudget: 0 } });
  const plain = buildGeminiRequest(base, 'models/gemini-2.5-flash', { ...settings, baseUrl: 'http://127.0.0.1:9/' });
  assert.equal(plain.url, 'http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:generateContent');
});

test('what Gemini cannot express is a 400 naming the field', () => {
  const base: CanonicalRequest = { model: 'x', stream: false, messages: [user('hi')] };
  const rejects = (request: CanonicalRequest, code: string, param: string | undefined) =>
    assert.throws(() => buildGeminiRequest(request, 'gemini-2.5-flash', settings), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 400);
      assert.equal(error.code, code);
      assert.equal(error.param, param);
      return true;
    });
  rejects({ ...base, parallelToolCalls: false }, 'unsupported_feature', 'parallel_tool_calls');
  rejects({ ...base, n: 2 }, 'unsupported_feature', 'n');
  rejects({ ...base, messages: [{ role: 'system', content: [{ type: 'text', text: 'only a system prompt' }] }] }, 'invalid_request', 'messages');
  rejects({ ...base, messages: [user('hi'), { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{"a":' }] }] }, 'invalid_request', 'messages[1].content[0].arguments');
  rejects({ ...base, messages: [user('hi'), { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '[1]' }] }] }, 'invalid_request', 'messages[1].content[0].arguments');
  rejects({ ...base, messages: [user('hi'), { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'unknown', content: [{ type: 'text', text: 'x' }] }] }] }, 'invalid_request', 'messages[1].content[0]');
  rejects({ ...base, messages: [user('hi'), { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'c', name: 'f', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] }] }] }, 'unsupported_feature', 'messages[1].content[0]');
  rejects({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'ftp://example.com/a.png' } }] }] }, 'invalid_request', 'messages[0].content[0]');
  // Explicitly allowing parallel calls is what Gemini does anyway.
  assert.doesNotThrow(() => buildGeminiRequest({ ...base, parallelToolCalls: true }, 'gemini-2.5-flash', settings));
});

test('the adapter builds requests synchronously, through the same function', async () => {
  const request: CanonicalRequest = { model: 'x', stream: false, messages: [user('hi')] };
  assert.deepEqual(await googleAdapter.buildRequest(request, 'gemini-2.5-flash', settings), buildGeminiRequest(request, 'gemini-2.5-flash', settings));
});
