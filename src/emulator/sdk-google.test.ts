import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, GoogleGenAI, Type, type GenerateContentConfig } from '@google/genai';
import { startEmulator, type Emulator } from './index.ts';

// The official Google Gen AI SDK, pointed at the emulator, proves it speaks Gemini.

let emulator: Emulator;
let ai: GoogleGenAI;
before(async () => {
  emulator = await startEmulator();
  ai = new GoogleGenAI({ apiKey: 'gk-test', httpOptions: { baseUrl: `${emulator.url}/google` } });
});
after(() => emulator.close());

const model = 'gemini-2.5-flash';

describe('@google/genai against the emulator', () => {
  test('generateContent echoes the last user message with usage', async () => {
    const response = await ai.models.generateContent({ model, contents: 'Hello world' });
    assert.equal(response.text, 'Echo: Hello world');
    assert.equal(response.candidates?.[0].finishReason, 'STOP');
    assert.equal(response.usageMetadata?.candidatesTokenCount, 5);
    assert.equal(response.modelVersion, model);
  });

  test('generateContentStream delivers several chunks', async () => {
    const texts: string[] = [];
    for await (const chunk of await ai.models.generateContentStream({ model, contents: 'Hello world' })) texts.push(chunk.text ?? '');
    assert.ok(texts.length > 3);
    assert.equal(texts.join(''), 'Echo: Hello world');
  });

  test('function calling: the named function is called with schema-made args, results are answered', async () => {
    const config: GenerateContentConfig = {
      tools: [{ functionDeclarations: [
        { name: 'get_weather', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } },
        { name: 'get_time', parameters: { type: Type.OBJECT, properties: { zone: { type: Type.STRING, enum: ['UTC'] } }, required: ['zone'] } },
      ] }],
    };
    const response = await ai.models.generateContent({ model, contents: 'call get_time now', config });
    assert.deepEqual(response.functionCalls?.map((call) => [call.name, call.args]), [['get_time', { zone: 'UTC' }]]);
    const answer = await ai.models.generateContent({
      model, config,
      contents: [
        { role: 'user', parts: [{ text: 'call get_time now' }] },
        { role: 'model', parts: [{ functionCall: response.functionCalls![0] }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_time', response: { result: '12:00' } } }] },
      ],
    });
    assert.equal(answer.text, 'Results: 12:00');
  });

  test('thoughts come first with a signature and count as thoughtsTokenCount', async () => {
    const response = await ai.models.generateContent({ model, contents: 'Hi', config: { thinkingConfig: { includeThoughts: true } } });
    const parts = response.candidates?.[0].content?.parts ?? [];
    assert.deepEqual(parts[0], { text: 'Thinking about: Hi', thought: true });
    assert.ok(parts[1].thoughtSignature);
    assert.equal(response.usageMetadata?.thoughtsTokenCount, Math.ceil('Thinking about: Hi'.length / 4));
  });

  test('a 429 surfaces as ApiError with status 429', async () => {
    emulator.injectFault({ status: 429, retry_after: 3 }, { provider: 'google' });
    const error = await ai.models.generateContent({ model, contents: 'Hi' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 429);
    assert.match(error.message, /RESOURCE_EXHAUSTED/);
  });
});
