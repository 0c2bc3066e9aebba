import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, type ConverseStreamOutput, type ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { request as undiciRequest } from 'undici';
import { EmulatorState } from '../emulator-state.ts';
import { readBody } from '../http-io.ts';
import { handleBedrockRequest } from './handle-bedrock-request.ts';
import { bedrockAdapter, bedrockSettingsFromEnv } from '../../providers/bedrock/index.ts';
import { collectStream } from '../../core/collect-stream.ts';

const state = new EmulatorState();
const closing = new AbortController();
let server: Server;
let url: string;

before(async () => {
  server = createServer(async (req, res) => {
    const raw = await readBody(req);
    await handleBedrockRequest(req, res, new URL(req.url ?? '/', 'http://emulator'), raw, { state, chunkDelayMs: 0, signal: closing.signal });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  closing.abort();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// The SDK defaults to HTTP/2 for Bedrock's runtime; the emulator speaks HTTP/1.1, as Bedrock also does.
const client = (accessKeyId = 'x') =>
  new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: url + '/bedrock',
    credentials: { accessKeyId, secretAccessKey: 'y' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
const modelId = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

async function streamEvents(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

test('ConverseCommand: echo reply, end_turn, usage; the request was signed and recorded', async () => {
  state.reset();
  const response = await client().send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Hello there' }] }] }));
  assert.deepEqual(response.output?.message?.content, [{ text: 'Echo: Hello there' }]);
  assert.equal(response.stopReason, 'end_turn');
  assert.deepEqual(response.usage, { inputTokens: 3, outputTokens: 5, totalTokens: 8 });
  const [recorded] = state.requests();
  assert.equal(recorded.path, '/bedrock/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
  assert.equal(recorded.headers.authorization, undefined, 'auth headers are not recorded');
});

test('ConverseStreamCommand: binary frames the SDK decodes, messageStop before metadata', async () => {
  const response = await client().send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'Stream me' }] }] }));
  const events = await streamEvents(response.stream);
  const kinds = events.map((event) => Object.keys(event).find((key) => (event as unknown as Record<string, unknown>)[key] !== undefined));
  assert.equal(kinds[0], 'messageStart');
  assert.deepEqual(kinds.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
  const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
  assert.equal(text, 'Echo: Stream me');
  assert.equal(events.at(-2)?.messageStop?.stopReason, 'end_turn');
  assert.deepEqual(events.at(-1)?.metadata?.usage, { inputTokens: 3, outputTokens: 4, totalTokens: 7 });
});

test('tools: the model calls the tool named in the text with schema-example arguments (whole and streamed)', async () => {
  const toolConfig: ToolConfiguration = {
    tools: [
      { toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } },
      { toolSpec: { name: 'get_time', inputSchema: { json: { type: 'object', properties: {} } } } },
    ],
  };
  const messages = [{ role: 'user' as const, content: [{ text: 'Use get_time please' }] }];
  const whole = await client().send(new ConverseCommand({ modelId, messages, toolConfig }));
  assert.equal(whole.stopReason, 'tool_use');
  assert.equal(whole.output?.message?.content?.[0].toolUse?.name, 'get_time');
  assert.deepEqual(whole.output?.message?.content?.[0].toolUse?.input, {});

  const streamed = await streamEvents((await client().send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'weather?' }] }], toolConfig: { ...toolConfig, toolChoice: { tool: { name: 'get_weather' } } } }))).stream);
  const start = streamed.find((event) => event.contentBlockStart)?.contentBlockStart?.start?.toolUse;
  assert.equal(start?.name, 'get_weather');
  assert.equal(streamed.map((event) => event.contentBlockDelta?.delta?.toolUse?.input ?? '').join(''), '{"city":"example"}');
  assert.equal(streamed.find((event) => event.messageStop)?.messageStop?.stopReason, 'tool_use');
});

test('thinking: signed reasoning first; a tampered signature echoed back is a ValidationException', async () => {
  const response = await client().send(new ConverseCommand({
    modelId,
    messages: [{ role: 'user', content: [{ text: 'Think' }] }],
    additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
  }));
  const reasoning = response.output?.message?.content?.[0].reasoningContent?.reasoningText;
  assert.equal(reasoning?.text, 'Thinking about: Think');
  assert.ok(reasoning?.signature);
  const replay = (signature: string) =>
    client().send(new ConverseCommand({
      modelId,
      messages: [
        { role: 'user', content: [{ text: 'Think' }] },
        { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: reasoning!.text!, signature } } }, { text: 'ok' }] },
        { role: 'user', content: [{ text: 'Again' }] },
      ],
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
    }));
  assert.equal((await replay(reasoning!.signature!)).stopReason, 'end_turn');
  await assert.rejects(replay('forged'), { name: 'ValidationException' });
});

test('max tokens, stop sequences, structured output', async () => {
  const cut = await client().send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'a long sentence to cut' }] }], inferenceConfig: { maxTokens: 2 } }));
  assert.equal(cut.stopReason, 'max_tokens');
  assert.deepEqual(cut.output?.message?.content, [{ text: 'Echo: a ' }]);
  const stopped = await client().send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'one two three' }] }], inferenceConfig: { stopSequences: ['three'] } }));
  assert.equal(stopped.stopReason, 'stop_sequence');
  assert.deepEqual(stopped.additionalModelResponseFields, { stop_sequence: 'three' });
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const structured = await client().send(new ConverseCommand({
    modelId,
    messages: [{ role: 'user', content: [{ text: 'Where?' }] }],
    outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'place' } } } },
  }));
  assert.deepEqual(structured.output?.message?.content, [{ text: '{"city":"example"}' }]);
});

test('unsigned requests are refused with 403; invalid keys and unknown models in Bedrock shapes', async () => {
  const unsigned = await undiciRequest(`${url}/bedrock/model/x/converse`, { method: 'POST', body: '{"messages":[]}', headers: { 'content-type': 'application/json' } });
  assert.equal(unsigned.statusCode, 403);
  assert.match(String(unsigned.headers['x-amzn-errortype']), /^MissingAuthenticationTokenException/);
  assert.deepEqual(await unsigned.body.json(), { message: 'Missing Authentication Token' });
  await assert.rejects(client('invalid-key').send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] })), (error: any) => error.name === 'UnrecognizedClientException' && error.$metadata.httpStatusCode === 403);
  await assert.rejects(client().send(new ConverseCommand({ modelId: 'missing-model', messages: [{ role: 'user', content: [{ text: 'hi' }] }] })), {
    name: 'ValidationException',
    message: 'The provided model identifier is invalid.',
  });
});

test('faults: injected 429 is a ThrottlingException; error_after_events is an in-stream modelStreamErrorException', async () => {
  state.faults.push({ fault: { status: 429, retry_after: 2 }, times: 1 });
  await assert.rejects(client().send(new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] })), (error: any) => error.name === 'ThrottlingException' && error.$metadata.httpStatusCode === 429);
  state.faults.push({ fault: { error_after_events: 2 }, times: 1 });
  const response = await client().send(new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
  await assert.rejects(streamEvents(response.stream), { name: 'ModelStreamErrorException' });
});

test('the gateway adapter round-trips through the emulator: SigV4 request, stream and whole parse', async () => {
  const settings = bedrockSettingsFromEnv({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'tok', BEDROCK_BASE_URL: `${url}/bedrock` })!;
  const canonical = { model: 'bedrock/claude', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Round trip' }] }], stream: true, reasoning: { effort: 'low' as const } };
  const send = async (stream: boolean) => {
    const upstream = await bedrockAdapter.buildRequest({ ...canonical, stream }, modelId, settings);
    return undiciRequest(upstream.url, { method: upstream.method, headers: upstream.headers, body: upstream.body });
  };
  const streamed = await collectStream(bedrockAdapter.parseStream((await send(true)).body));
  assert.deepEqual(streamed.content.map((part) => part.type), ['reasoning', 'text']);
  assert.deepEqual(streamed.content[1], { type: 'text', text: 'Echo: Round trip' });
  assert.equal(streamed.finishReason, 'stop');
  const whole = bedrockAdapter.parseResponse(await (await send(false)).body.json());
  assert.deepEqual(whole.content, streamed.content);
  assert.deepEqual(whole.usage, streamed.usage);
});
