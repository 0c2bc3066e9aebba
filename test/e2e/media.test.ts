import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import OpenAI, { toFile } from 'openai';
import { pngSize, solidPng } from '../../src/emulator/media/png.ts';
import { sineTone, wavFile } from '../../src/emulator/media/audio.ts';
import { startStack, type Stack } from './stack.ts';

const adminKey = 'admin-key-for-media-tests-012345';
const bodyLimit = 1024 * 1024;

describe('synchronous media through the OpenAI-compatible endpoints', () => {
  let stack: Stack;
  let key: string;
  let client: OpenAI;
  before(async () => {
    stack = await startStack({
      adminKey,
      env: { ELEVENLABS_API_KEY: 'el-emulated', DEEPGRAM_API_KEY: 'dg-emulated', SWITCHYARD_BODY_LIMIT_BYTES: String(bodyLimit) },
    });
    const account = (await (await admin('POST', '/admin/accounts', { name: 'Media Co' })).json()) as { id: string };
    key = ((await (await admin('POST', `/admin/accounts/${account.id}/keys`, { name: 'media' })).json()) as { key: string }).key;
    await admin('POST', `/admin/accounts/${account.id}/credits`, { amount_usd: '10', idempotency_key: 'media-credit' });
    client = new OpenAI({ apiKey: key, baseURL: `${stack.gateway.url}/v1`, maxRetries: 0 });
  });
  after(() => stack.close());

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const balance = async () => ((await (await fetch(`${stack.gateway.url}/v1/wallet`, { headers: { authorization: `Bearer ${key}` } })).json()) as { balance_nanos: number }).balance_nanos;
  /** Runs `call` and returns what it charged the wallet, in nano-dollars. */
  const charged = async (call: () => Promise<unknown>) => {
    const before = await balance();
    await call();
    return before - (await balance());
  };
  const decodedPng = (b64: string | undefined) => pngSize(Buffer.from(b64 ?? '', 'base64'));

  test('images.generate with gpt-image-1 answers a real PNG and charges its tokens at the catalog prices', async () => {
    const prompt = 'a lighthouse at dusk';
    let result: OpenAI.ImagesResponse | undefined;
    const cost = await charged(async () => {
      result = await client.images.generate({ model: 'openai/gpt-image-1', prompt, size: '1024x1024', quality: 'medium' });
    });
    assert.deepEqual(decodedPng(result!.data?.[0].b64_json), { width: 1024, height: 1024 });
    const inputTokens = Math.ceil(prompt.length / 4);
    assert.equal(result!.usage?.output_tokens, 1056);
    // $5/M text input, $40/M image output: exact integers of nano-dollars.
    assert.equal(cost, inputTokens * 5_000 + 1056 * 40_000);
  });

  test('the same request works when only the model string changes: OpenAI, Gemini and Imagen', async () => {
    const ask = (model: string) => client.images.generate({ model, prompt: 'a red bicycle', size: '1536x1024', n: 1 }).withResponse();
    const gpt = await ask('openai/gpt-image-1');
    assert.deepEqual(decodedPng(gpt.data.data?.[0].b64_json), { width: 1536, height: 1024 });
    const gemini = await ask('google/gemini-2.5-flash-image');
    assert.equal(gemini.response.headers.get('x-switchyard-provider'), 'google');
    assert.deepEqual(decodedPng(gemini.data.data?.[0].b64_json), { width: 1248, height: 832 }, 'size 1536x1024 became aspect ratio 3:2');
    let imagen: Awaited<ReturnType<typeof ask>> | undefined;
    const cost = await charged(async () => {
      imagen = await ask('google/imagen-4');
    });
    assert.deepEqual(decodedPng(imagen!.data.data?.[0].b64_json), { width: 1280, height: 896 }, 'the nearest ratio Imagen takes, 4:3');
    assert.equal(cost, 40_000_000, 'Imagen 4: $0.04 per image');
    const sent = stack.emulator.requests().filter((r) => r.path.includes('imagen'));
    assert.equal((sent.at(-1)?.body as { parameters: { aspectRatio: string } }).parameters.aspectRatio, '4:3');
  });

  test('DALL·E 3 is charged per image by size and quality', async () => {
    const cost = await charged(() => client.images.generate({ model: 'openai/dall-e-3', prompt: 'a cat', size: '1792x1024', quality: 'hd' }));
    assert.equal(cost, 120_000_000);
  });

  test('an invalid parameter is a 400 naming it and listing the accepted values', async () => {
    await assert.rejects(client.images.generate({ model: 'openai/dall-e-3', prompt: 'a cat', size: '512x512' }), (error: InstanceType<typeof OpenAI.APIError>) => {
      assert.equal(error.status, 400);
      assert.equal((error.error as { param?: string }).param, 'size');
      assert.match(error.message, /'size'.*Accepted values: 1024x1024, 1792x1024, 1024x1792/);
      return true;
    });
    await assert.rejects(client.images.generate({ model: 'google/imagen-4', prompt: 'x', quality: 'hd' }), /'quality' is not a parameter of google\/imagen-4. Accepted parameters: prompt/);
    await assert.rejects(client.images.generate({ model: 'openai/gpt-4o-mini', prompt: 'x' }), /not a media model/);
  });

  test('Gemini image fails over from the Gemini API to Vertex AI on a retryable error', async () => {
    stack.emulator.injectFault({ status: 503 }, { provider: 'google', model: 'gemini-2.5-flash-image' });
    const { data, response } = await client.images.generate({ model: 'google/gemini-2.5-flash-image', prompt: 'a tree' }).withResponse();
    assert.equal(response.headers.get('x-switchyard-provider'), 'vertex');
    assert.equal(response.headers.get('x-switchyard-attempts'), '2');
    assert.deepEqual(decodedPng(data.data?.[0].b64_json), { width: 1024, height: 1024 });
  });

  test('response_format url gives an expiring gateway link to the image', async () => {
    const result = await client.images.generate({ model: 'openai/gpt-image-1', prompt: 'a boat', size: '1024x1024', response_format: 'url' } as OpenAI.ImageGenerateParamsNonStreaming);
    const url = result.data?.[0].url;
    assert.match(url ?? '', /\/v1\/files\/file_[\w-]+\?expires=\d+&sig=[0-9a-f]{64}$/);
    const file = await fetch(url!);
    assert.equal(file.headers.get('content-type'), 'image/png');
    assert.deepEqual(pngSize(new Uint8Array(await file.arrayBuffer())), { width: 1024, height: 1024 });
  });

  test('images.edit uploads the image as multipart and gets an edited PNG back', async () => {
    const image = await toFile(solidPng(64, 64, [0, 128, 255]), 'source.png', { type: 'image/png' });
    const result = await client.images.edit({ model: 'openai/gpt-image-1', image, prompt: 'add a hat', size: '1024x1024' });
    assert.deepEqual(decodedPng(result.data?.[0].b64_json), { width: 1024, height: 1024 });
    const sent = stack.emulator.requests().filter((r) => r.path.endsWith('/images/edits')).at(-1);
    assert.match(String(sent?.headers['content-type']), /^multipart\/form-data; boundary=/);
  });

  test('audio.speech.create returns real audio with its content type, charged per character', async () => {
    const input = 'Hello from the gateway.';
    let mp3: Buffer | undefined;
    const cost = await charged(async () => {
      const response = await client.audio.speech.create({ model: 'openai/tts-1', voice: 'alloy', input });
      assert.equal(response.headers.get('content-type'), 'audio/mpeg');
      mp3 = Buffer.from(await response.arrayBuffer());
    });
    assert.deepEqual([...mp3!.subarray(0, 2)], [0xff, 0xfb], 'an MPEG-1 Layer III frame header');
    assert.equal(cost, Math.ceil((input.length * 15_000_000) / 1000), '$0.015 per 1,000 characters');
    const wav = await client.audio.speech.create({ model: 'openai/tts-1', voice: 'alloy', input, response_format: 'wav' });
    assert.equal(wav.headers.get('content-type'), 'audio/wav');
    assert.equal(Buffer.from(await wav.arrayBuffer()).toString('latin1', 0, 4), 'RIFF');
  });

  test('speech with gpt-4o-mini-tts is billed by the tokens it reports; ElevenLabs per 1k characters', async () => {
    const input = 'Twenty characters!!!';
    const tokens = await charged(async () => {
      const response = await client.audio.speech.create({ model: 'openai/gpt-4o-mini-tts', voice: 'coral', input });
      assert.deepEqual([...Buffer.from(await response.arrayBuffer()).subarray(0, 2)], [0xff, 0xfb]);
    });
    const seconds = Math.max(0.5, input.length / 15);
    assert.equal(tokens, Math.ceil(input.length / 4) * 600 + Math.ceil(seconds * 20) * 12_000, '$0.60/M text in, $12/M audio out');
    const eleven = await charged(async () => {
      const response = await client.audio.speech.create({ model: 'elevenlabs/eleven-multilingual-v2', voice: 'EXAVITQu4vr4xnSDxMaL', input });
      assert.equal(response.headers.get('content-type'), 'audio/mpeg');
    });
    assert.equal(eleven, (input.length * 100_000_000) / 1000);
    const sent = stack.emulator.requests().filter((r) => r.path.startsWith('/elevenlabs/')).at(-1);
    assert.equal(sent?.path, '/elevenlabs/v1/text-to-speech/EXAVITQu4vr4xnSDxMaL?output_format=mp3_44100_128');
  });

  test('audio.transcriptions.create with a file: whisper per minute, Deepgram per minute, subtitles rendered by the gateway', async () => {
    const audio = wavFile(sineTone(3));
    const file = () => toFile(audio, 'speech.wav', { type: 'audio/wav' });
    let text = '';
    const cost = await charged(async () => {
      text = (await client.audio.transcriptions.create({ model: 'openai/whisper-1', file: await file() })).text;
    });
    assert.equal(text, `Transcript of ${audio.length} bytes of audio`);
    assert.equal(cost, 300_000, '3 s at $0.006 per minute');
    const srt = await client.audio.transcriptions.create({ model: 'openai/whisper-1', file: await file(), response_format: 'srt' });
    assert.equal(srt, `1\n00:00:00,000 --> 00:00:03,000\nTranscript of ${audio.length} bytes of audio\n`);
    const deepgram = await charged(async () => {
      const result = await client.audio.transcriptions.create({ model: 'deepgram/nova-3', file: await file(), response_format: 'verbose_json' });
      assert.equal(result.text, `Transcript of ${audio.length} bytes of audio`);
      assert.equal((result as unknown as { duration: number }).duration, 3);
    });
    assert.equal(deepgram, 215_000, '3 s at $0.0043 per minute');
    const sent = stack.emulator.requests().filter((r) => r.path.startsWith('/deepgram/')).at(-1);
    assert.deepEqual(sent?.body, { contentType: 'audio/wav', bytes: audio.length }, 'the raw audio is the body');
  });

  test('an upload over the body limit is refused with 413 before it is sent whole', async () => {
    const url = new URL(`${stack.gateway.url}/v1/audio/transcriptions`);
    const total = 64 * bodyLimit;
    const { status, sentBytes } = await new Promise<{ status: number; sentBytes: number }>((resolve, reject) => {
      let sentBytes = 0;
      let answered = false;
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'multipart/form-data; boundary=xyz' } });
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode!, sentBytes });
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      req.write('--xyz\r\ncontent-disposition: form-data; name="file"; filename="big.wav"\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024);
      const pump = () => {
        while (!answered && sentBytes < total) {
          sentBytes += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
    assert.ok(sentBytes < total, `answered after ${sentBytes} of ${total} bytes`);
  });
});
