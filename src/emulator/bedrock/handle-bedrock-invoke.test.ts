import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BedrockRuntimeClient,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { request as undiciRequest } from 'undici';
import { startEmulator, type Emulator } from '../index.ts';
import { bedrockInvokeAnthropicAdapter } from '../../providers/bedrock/bedrock-invoke-anthropic-adapter.ts';
import { bedrockSettingsFromEnv } from '../../providers/bedrock/bedrock-settings.ts';
import { collectStream } from '../../core/collect-stream.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator({ port: 0 });
});
after(() => emulator.close());

// The SDK defaults to HTTP/2 for Bedrock's runtime; the emulator speaks HTTP/1.1, as Bedrock also does.
const client = () =>
  new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: `${emulator.url}/bedrock`,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
const modelId = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const weather = { name: 'get_weather', description: 'Weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const invokeBody = (fields: Record<string, unknown>) => JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 2048, ...fields });

async function decodedChunks(stream: AsyncIterable<{ chunk?: { bytes?: Uint8Array } }> | undefined): Promise<Array<Record<string, any>>> {
  const events: Array<Record<string, any>> = [];
  for await (const item of stream ?? []) if (item.chunk?.bytes) events.push(JSON.parse(Buffer.from(item.chunk.bytes).toString('utf8')));
  return events;
}

test("InvokeModelCommand: Anthropic's message JSON back; the SigV4-signed request was recorded at /invoke", async () => {
  emulator.reset();
  const response = await client().send(new InvokeModelCommand({ modelId, contentType: 'application/json', body: invokeBody({ messages: [{ role: 'user', content: 'Hello there' }] }) }));
  const message = JSON.parse(Buffer.from(response.body).toString('utf8'));
  assert.equal(message.type, 'message');
  assert.deepEqual(message.content, [{ type: 'text', text: 'Echo: Hello there' }]);
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.model, modelId);
  const [recorded] = emulator.requests();
  assert.equal(recorded.provider, 'bedrock');
  assert.equal(recorded.path, '/bedrock/model/global.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke');
});

test('InvokeModelWithResponseStreamCommand: each chunk is one Anthropic event, thinking then a tool call; metrics ride on message_stop', async () => {
  const response = await client().send(
    new InvokeModelWithResponseStreamCommand({
      modelId,
      contentType: 'application/json',
      body: invokeBody({ thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [weather], messages: [{ role: 'user', content: 'What is the weather in Paris? Use get_weather.' }] }),
    }),
  );
  const events = await decodedChunks(response.body);
  assert.equal(events[0].type, 'message_start');
  assert.ok(!events.some((event) => event.type === 'ping'));
  const starts = events.filter((event) => event.type === 'content_block_start').map((event) => event.content_block.type);
  assert.deepEqual(starts, ['thinking', 'tool_use']);
  const input = events.filter((event) => event.delta?.type === 'input_json_delta').map((event) => event.delta.partial_json).join('');
  assert.deepEqual(JSON.parse(input), { city: 'example' });
  assert.equal(events.find((event) => event.type === 'message_delta')?.delta.stop_reason, 'tool_use');
  const stop = events.at(-1)!;
  assert.equal(stop.type, 'message_stop');
  assert.equal(typeof stop['amazon-bedrock-invocationMetrics'].outputTokenCount, 'number');
});

test("Bedrock's schema check: `stream` or `model` in the body and a missing anthropic_version are ValidationExceptions", async () => {
  for (const [fields, detail] of [
    [{ stream: true }, /extraneous key \[stream\] is not permitted/],
    [{ model: modelId }, /extraneous key \[model\] is not permitted/],
  ] as const) {
    await assert.rejects(client().send(new InvokeModelCommand({ modelId, body: invokeBody({ ...fields, messages: [{ role: 'user', content: 'x' }] }) })), (error: Error) => {
      assert.ok(error instanceof ValidationException, error.name);
      assert.match(error.message, detail);
      return true;
    });
  }
  await assert.rejects(client().send(new InvokeModelCommand({ modelId, body: JSON.stringify({ max_tokens: 5, messages: [] }) })), /required key \[anthropic_version\] not found/);
});

test('faults: error_after_events sends a modelStreamErrorException frame the SDK raises', async () => {
  emulator.injectFault({ error_after_events: 3 }, { provider: 'bedrock', model: modelId });
  const response = await client().send(new InvokeModelWithResponseStreamCommand({ modelId, body: invokeBody({ messages: [{ role: 'user', content: 'Hello' }] }) }));
  await assert.rejects(decodedChunks(response.body), (error: Error) => error instanceof ModelStreamErrorException);
});

test('the gateway adapter against the emulator: whole and streamed answers agree', async () => {
  const settings = bedrockSettingsFromEnv({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', BEDROCK_BASE_URL: `${emulator.url}/bedrock` })!;
  const canonical = { model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi Bedrock' }] }], maxTokens: 100 };
  const send = async (stream: boolean) => {
    const upstream = await bedrockInvokeAnthropicAdapter.buildRequest({ ...canonical, stream }, modelId, settings);
    return undiciRequest(upstream.url, { method: upstream.method, headers: upstream.headers, body: upstream.body });
  };
  const whole = bedrockInvokeAnthropicAdapter.parseResponse(await (await send(false)).body.json());
  const streamed = await collectStream(bedrockInvokeAnthropicAdapter.parseStream((await send(true)).body));
  assert.deepEqual(whole.content, [{ type: 'text', text: 'Echo: Hi Bedrock' }]);
  assert.deepEqual(streamed.content, whole.content);
  assert.deepEqual(streamed.usage, whole.usage);
  assert.equal(streamed.finishReason, 'stop');
});
