import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest } from '../../core/request.ts';
import type { Message } from '../../core/message.ts';
import { buildBedrockBody, buildBedrockRequest, bedrockUrl } from './build-bedrock-request.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const claude = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const nova = 'us.amazon.nova-micro-v1:0';

/** The recorded body without the empty fields pydantic-ai always sends (we leave them out). */
function recorded(name: string, index: number): Record<string, unknown> {
  const body = JSON.parse(readVcrExchanges(`bedrock/${name}`)[index].requestBody) as Record<string, unknown>;
  if (Array.isArray(body.system) && body.system.length === 0) delete body.system;
  if (JSON.stringify(body.inferenceConfig) === '{}') delete body.inferenceConfig;
  return body;
}

const request = (messages: Message[], extra: Partial<CanonicalRequest> = {}): CanonicalRequest => ({ model: 'bedrock/x', messages, stream: false, ...extra });
const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const system = (text: string): Message => ({ role: 'system', content: [{ type: 'text', text }] });

test('converse-stream-text-nova.vcr.yaml: system prompt, user text and temperature', () => {
  const body = buildBedrockBody(request([system('You are a helpful chatbot.'), user('What is the capital of France?')], { temperature: 0 }), nova, 'bedrock');
  assert.deepEqual(body, recorded('converse-stream-text-nova.vcr.yaml', 0));
});

const temperatureTools = [
  { name: 'get_capital', description: 'Get the capital of a country.', parameters: { properties: { country: { description: 'The country name.', title: 'Country', type: 'string' } }, required: ['country'], type: 'object', additionalProperties: false } },
  { name: 'get_temperature', description: 'Get the temperature in a city.', parameters: { properties: { city: { description: 'The city name.', title: 'City', type: 'string' } }, required: ['city'], type: 'object', additionalProperties: false } },
];

test('converse-stream-tool-use-nova.vcr.yaml: tools, then the tool call and its result echoed back', () => {
  const first = [system('You are a helpful chatbot.'), user('What is the temperature of the capital of France?')];
  assert.deepEqual(buildBedrockBody(request(first, { topP: 0.5, tools: temperatureTools }), nova, 'bedrock'), recorded('converse-stream-tool-use-nova.vcr.yaml', 0));
  const second: Message[] = [
    ...first,
    {
      role: 'assistant',
      content: [
        { type: 'text', text: '<thinking> To find the temperature of the capital of France, I need to first determine the capital of France and then get the current temperature in that city. The capital of France is Paris. I will use the "get_temperature" tool to find the current temperature in Paris.</thinking>\n' },
        { type: 'tool_call', id: 'tooluse_lAG_zP8QRHmSYOwZzzaCqA', name: 'get_temperature', arguments: '{"city":"Paris"}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'tooluse_lAG_zP8QRHmSYOwZzzaCqA', content: [{ type: 'text', text: '30°C' }] }] },
  ];
  assert.deepEqual(buildBedrockBody(request(second, { topP: 0.5, tools: temperatureTools }), nova, 'bedrock'), recorded('converse-stream-tool-use-nova.vcr.yaml', 1));
});

test('converse-tool-use-structured-output.vcr.yaml: tool_choice required is {any:{}}', () => {
  const schema = { properties: { temperature: { type: 'string' }, date: { format: 'date', type: 'string' }, city: { type: 'string' } }, required: ['temperature', 'date', 'city'], title: 'Response', type: 'object' };
  const tools = [
    {
      name: 'temperature',
      description: '<summary>Get the temperature in a city on a specific date.</summary>\n<returns>\n<description>The temperature in degrees Celsius.</description>\n</returns>',
      parameters: { additionalProperties: false, properties: { city: { description: 'The city name.', type: 'string' }, date: { description: 'The date.', format: 'date', type: 'string' } }, required: ['city', 'date'], type: 'object' },
    },
    { name: 'final_result', description: 'The final response which ends this conversation', parameters: schema },
  ];
  const body = buildBedrockBody(request([system('You are a helpful chatbot.'), user('What was the temperature in London 1st January 2022?')], { tools, toolChoice: 'required' }), nova, 'bedrock');
  assert.deepEqual(body, recorded('converse-tool-use-structured-output.vcr.yaml', 0));
});

test('converse-reasoning-claude.vcr.yaml: thinking budget, then reasoning with its signature echoed back', () => {
  const [first, second] = readVcrExchanges('bedrock/converse-reasoning-claude.vcr.yaml');
  const body0 = buildBedrockBody(request([user('How do I cross the street?')], { reasoning: { budgetTokens: 1024 } }), claude, 'bedrock');
  // Claude needs max_tokens above the budget; we say so explicitly where pydantic-ai relied on the default.
  assert.deepEqual(body0.inferenceConfig, { maxTokens: 1024 + 8192 });
  assert.deepEqual({ ...body0, inferenceConfig: undefined }, { ...recorded('converse-reasoning-claude.vcr.yaml', 0), inferenceConfig: undefined });

  const answer = JSON.parse(first.responseBody).output.message.content;
  const history: Message[] = [
    user('How do I cross the street?'),
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: answer[0].reasoningContent.reasoningText.text, signature: answer[0].reasoningContent.reasoningText.signature },
        { type: 'text', text: answer[1].text },
      ],
    },
    user('Considering the way to cross the street, analogously, how do I cross the river?'),
  ];
  const body1 = buildBedrockBody(request(history, { reasoning: { budgetTokens: 1024 }, maxTokens: 4096 }), claude, 'bedrock');
  assert.deepEqual(body1.messages, JSON.parse(second.requestBody).messages);
  assert.deepEqual(body1.inferenceConfig, { maxTokens: 4096 });
});

test('converse-stream-reasoning-claude.vcr.yaml: effort becomes a Claude thinking budget', () => {
  const body = buildBedrockBody(request([user('Hello')], { reasoning: { effort: 'minimal' } }), claude, 'bedrock');
  assert.deepEqual(body.additionalModelRequestFields, recorded('converse-stream-reasoning-claude.vcr.yaml', 0).additionalModelRequestFields);
});

test('vision-image-bytes.vcr.yaml: image bytes, tool results with two texts, alternation kept', () => {
  const body = JSON.parse(readVcrExchanges('bedrock/vision-image-bytes.vcr.yaml')[0].requestBody);
  const bytes = body.messages[4].content[1].image.source.bytes as string;
  const messages: Message[] = [
    user('show me the photo'),
    { role: 'assistant', content: [{ type: 'tool_call', id: 'getphoto1', name: 'get_photo', arguments: '' }] },
    { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'getphoto1', content: [{ type: 'text', text: 'Here it is:' }, { type: 'text', text: 'See file 241a70.' }] }] },
    { role: 'assistant', content: [{ type: 'text', text: '.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'This is file 241a70:' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: bytes } },
        { type: 'text', text: 'What fruit is in the photo? Answer with one word.' },
      ],
    },
  ];
  const tools = [{ name: 'get_photo', parameters: { additionalProperties: false, properties: {}, type: 'object' } }];
  assert.deepEqual(buildBedrockBody(request(messages, { tools }), 'us.mistral.pixtral-large-2502-v1:0', 'bedrock'), recorded('vision-image-bytes.vcr.yaml', 0));
});

test('usage-cache-write-and-read.vcr.yaml: cache_control becomes a cachePoint block after the system text', () => {
  const recordedSystem = JSON.parse(readVcrExchanges('bedrock/usage-cache-write-and-read.vcr.yaml')[0].requestBody).system;
  const body = buildBedrockBody(request([{ role: 'system', content: [{ type: 'text', text: recordedSystem[0].text, cacheControl: { type: 'ephemeral' } }] }, user('What is 10 + 11?')]), claude, 'bedrock');
  assert.deepEqual(body.system, recordedSystem);
});

test('unsupported parameters are 400s naming the parameter', () => {
  const base = [user('hi')];
  for (const [extra, param] of [
    [{ seed: 1 }, 'seed'],
    [{ presencePenalty: 0.5 }, 'presence_penalty'],
    [{ frequencyPenalty: 0.5 }, 'frequency_penalty'],
    [{ n: 2 }, 'n'],
    [{ topK: 5 }, 'top_k'],
    [{ reasoning: { effort: 'high' } }, 'reasoning_effort'],
  ] as Array<[Partial<CanonicalRequest>, string]>) {
    assert.throws(() => buildBedrockBody(request(base, extra), nova, 'bedrock'), { status: 400, code: 'unsupported_feature', param }, param);
  }
  assert.throws(
    () => buildBedrockBody(request([{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }] }]), nova, 'bedrock'),
    { status: 400, code: 'unsupported_feature', param: 'messages[0].content[0]' },
  );
});

test('structured output, tool choices, top_k and reasoning per model family', () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
  const body = buildBedrockBody(request([user('x')], { responseFormat: { type: 'json_schema', name: 'place', schema } }), claude, 'bedrock');
  assert.deepEqual(body.outputConfig, { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'place' } } } });

  const tools = [{ name: 'f', parameters: { type: 'object' } }];
  assert.deepEqual(buildBedrockBody(request([user('x')], { tools, toolChoice: { name: 'f' } }), nova, 'bedrock').toolConfig?.toolChoice, { tool: { name: 'f' } });
  assert.deepEqual(buildBedrockBody(request([user('x')], { tools, toolChoice: 'auto' }), nova, 'bedrock').toolConfig?.toolChoice, { auto: {} });
  assert.equal(buildBedrockBody(request([user('x')], { tools, toolChoice: 'none' }), nova, 'bedrock').toolConfig, undefined);

  assert.deepEqual(buildBedrockBody(request([user('x')], { topK: 5 }), claude, 'bedrock').additionalModelRequestFields, { top_k: 5 });
  assert.deepEqual(buildBedrockBody(request([user('x')], { reasoning: { effort: 'medium' } }), 'us.amazon.nova-2-lite-v1:0', 'bedrock').additionalModelRequestFields, { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' } });
  assert.deepEqual(buildBedrockBody(request([user('x')], { reasoning: { effort: 'high' } }), 'openai.gpt-oss-120b-1:0', 'bedrock').additionalModelRequestFields, { reasoning_effort: 'high' });
});

test('the URL encodes the model id; a Bedrock API key is sent as a bearer token', async () => {
  assert.equal(bedrockUrl('https://bedrock-runtime.us-east-1.amazonaws.com/', claude, true), 'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream');
  const upstream = await buildBedrockRequest(request([user('hi')]), nova, { id: 'bedrock', baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com', apiKey: 'bedrock-api-key-123' } as never);
  assert.equal(upstream.url, 'https://bedrock-runtime.eu-west-1.amazonaws.com/model/us.amazon.nova-micro-v1%3A0/converse');
  assert.equal(upstream.headers.authorization, 'Bearer bedrock-api-key-123');
  assert.deepEqual(JSON.parse(upstream.body!), { messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
});
