import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MediaRequest } from '../../../core/media.ts';
import { openAiImageAdapter, openAiSpeechAdapter, openAiTranscriptionAdapter } from './index.ts';

const settings = { id: 'openai', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-test' };
const json = (value: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({ status: 200, headers, body: Buffer.from(JSON.stringify(value)) });

// Response bodies follow OpenAI's API reference (platform.openai.com/docs/api-reference/images, /audio);
// no recorded media traffic is in the shared fixtures yet.
describe('OpenAI media adapters', () => {
  it('generations: JSON with the canonical parameters as OpenAI fields; DALL·E is asked for b64_json without output_format', () => {
    const request: MediaRequest = { kind: 'image', model: 'openai/dall-e-3', input: { prompt: 'a cat', size: '1024x1024', quality: 'hd', output_format: 'png', n: 1 } };
    const built = openAiImageAdapter.buildRequest(request, 'dall-e-3', settings) as { url: string; headers: Record<string, string>; body: string };
    assert.equal(built.url, 'https://api.openai.com/v1/images/generations');
    assert.equal(built.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(JSON.parse(built.body), { model: 'dall-e-3', prompt: 'a cat', size: '1024x1024', quality: 'hd', n: 1, response_format: 'b64_json' });
    const gpt = openAiImageAdapter.buildRequest({ ...request, input: { prompt: 'a cat', output_format: 'webp' } }, 'gpt-image-1', settings) as { body: string };
    assert.deepEqual(JSON.parse(gpt.body), { model: 'gpt-image-1', prompt: 'a cat', output_format: 'webp' });
  });

  it('edits: multipart with the image file; parses base64 images and gpt-image-1 token usage', () => {
    const request: MediaRequest = { kind: 'image', model: 'openai/gpt-image-1', input: { prompt: 'add a hat', n: 1 }, files: { image: { kind: 'inline', mediaType: 'image/png', data: Buffer.from('PNGDATA') } } };
    const built = openAiImageAdapter.buildRequest(request, 'gpt-image-1', settings) as { url: string; headers: Record<string, string>; body: Uint8Array };
    assert.equal(built.url, 'https://api.openai.com/v1/images/edits');
    const boundary = /boundary=(.+)$/.exec(built.headers['content-type'])![1];
    const text = Buffer.from(built.body).toString('latin1');
    assert.ok(text.includes(`--${boundary}\r\ncontent-disposition: form-data; name="prompt"\r\n\r\nadd a hat\r\n`));
    assert.ok(text.includes('name="image"; filename="image.png"\r\ncontent-type: image/png\r\n\r\nPNGDATA\r\n'));
    assert.ok(text.endsWith(`--${boundary}--\r\n`));

    const output = openAiImageAdapter.parseResponse(
      json({ created: 1, data: [{ b64_json: Buffer.from('img').toString('base64') }], output_format: 'png', usage: { input_tokens: 50, output_tokens: 1056, input_tokens_details: { text_tokens: 10, image_tokens: 40 } } }),
      request,
    );
    assert.deepEqual(output.files, [{ kind: 'inline', mediaType: 'image/png', data: new Uint8Array(Buffer.from('img')) }]);
    assert.deepEqual(output.units, { images: 1, inputTokens: 50, outputTokens: 1056, outputImageTokens: 1056, inputImageTokens: 40 });
  });

  it('speech: `prompt` is OpenAI `input`, `output_format` its `response_format`; gpt-4o models are asked for sse and report tokens', () => {
    const request: MediaRequest = { kind: 'speech', model: 'openai/gpt-4o-mini-tts', input: { prompt: 'Hi there', voice: 'coral', output_format: 'wav', speed: 1 } };
    const built = openAiSpeechAdapter.buildRequest(request, 'gpt-4o-mini-tts', settings) as { url: string; body: string };
    assert.equal(built.url, 'https://api.openai.com/v1/audio/speech');
    assert.deepEqual(JSON.parse(built.body), { model: 'gpt-4o-mini-tts', input: 'Hi there', voice: 'coral', speed: 1, response_format: 'wav', stream_format: 'sse' });
    assert.equal(JSON.parse((openAiSpeechAdapter.buildRequest({ ...request, model: 'openai/tts-1' }, 'tts-1', settings) as { body: string }).body).stream_format, undefined);
    const sse = [
      `data: ${JSON.stringify({ type: 'speech.audio.delta', audio: Buffer.from('RIFF').toString('base64') })}`,
      `data: ${JSON.stringify({ type: 'speech.audio.delta', audio: Buffer.from('WAVE').toString('base64') })}`,
      `data: ${JSON.stringify({ type: 'speech.audio.done', usage: { input_tokens: 3, output_tokens: 40, total_tokens: 43 } })}`,
      '',
    ].join('\n\n');
    const output = openAiSpeechAdapter.parseResponse({ status: 200, headers: { 'content-type': 'text/event-stream' }, body: Buffer.from(sse) }, request);
    assert.equal(Buffer.from((output.files[0] as { data: Uint8Array }).data).toString(), 'RIFFWAVE');
    assert.deepEqual(output.units, { characters: 8, inputTokens: 3, outputTokens: 40, outputAudioTokens: 40 });
    const raw = openAiSpeechAdapter.parseResponse({ status: 200, headers: { 'content-type': 'audio/mpeg' }, body: Buffer.from([0xff, 0xfb]) }, { ...request, input: { prompt: 'Hi', output_format: 'mp3' } });
    assert.deepEqual(raw.units, { characters: 2 });
    assert.equal((raw.files[0] as { mediaType: string }).mediaType, 'audio/mpeg');
  });

  it('transcriptions: whisper is asked for verbose_json and billed by duration; gpt-4o-transcribe by tokens', () => {
    const request: MediaRequest = { kind: 'transcription', model: 'openai/whisper-1', input: { language: 'en' }, files: { audio: { kind: 'inline', mediaType: 'audio/mpeg', data: Buffer.from('ID3') } } };
    const built = openAiTranscriptionAdapter.buildRequest(request, 'whisper-1', settings) as { url: string; body: Uint8Array };
    assert.equal(built.url, 'https://api.openai.com/v1/audio/transcriptions');
    const text = Buffer.from(built.body).toString('latin1');
    assert.ok(text.includes('name="response_format"\r\n\r\nverbose_json\r\n'));
    assert.ok(text.includes('name="language"\r\n\r\nen\r\n'));
    assert.ok(text.includes('filename="audio.mp3"'));
    const verbose = openAiTranscriptionAdapter.parseResponse(json({ task: 'transcribe', language: 'english', duration: 2.5, text: 'hello', segments: [{ id: 0, start: 0, end: 2.5, text: 'hello' }] }), request);
    assert.equal(verbose.text, 'hello');
    assert.deepEqual(verbose.units, { seconds: 2.5 });
    const tokens = openAiTranscriptionAdapter.parseResponse(
      json({ text: 'hello', usage: { type: 'tokens', input_tokens: 20, input_token_details: { text_tokens: 2, audio_tokens: 18 }, output_tokens: 3, total_tokens: 23 } }),
      request,
    );
    assert.deepEqual(tokens.units, { inputTokens: 20, outputTokens: 3, inputAudioTokens: 18 });
  });

  it('errors keep OpenAI’s status and message', () => {
    const error = openAiImageAdapter.parseError(400, {}, JSON.stringify({ error: { message: 'Invalid size', type: 'invalid_request_error', param: 'size', code: null } }), settings);
    assert.equal(error.status, 400);
    assert.equal(error.message, 'Invalid size');
    assert.equal(error.param, 'size');
  });
});
