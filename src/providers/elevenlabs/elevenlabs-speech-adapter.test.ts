import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { elevenLabsSpeechAdapter, DEFAULT_ELEVENLABS_VOICE } from './elevenlabs-speech-adapter.ts';

const eleven = { id: 'elevenlabs', baseUrl: 'https://api.elevenlabs.io', apiKey: 'xi-key' };

// Shapes from elevenlabs.io/docs/api-reference/text-to-speech/convert.
describe('ElevenLabs text-to-speech', () => {
  it('posts the text to the voice with xi-api-key and the output format in the query', () => {
    const built = elevenLabsSpeechAdapter.buildRequest(
      { kind: 'speech', model: 'elevenlabs/eleven-multilingual-v2', input: { prompt: 'Bonjour', voice: 'abc', output_format: 'pcm', language: 'fr', seed: 7, stability: 0.4 } },
      'eleven_multilingual_v2',
      eleven,
    ) as { url: string; headers: Record<string, string>; body: string };
    assert.equal(built.url, 'https://api.elevenlabs.io/v1/text-to-speech/abc?output_format=pcm_24000');
    assert.equal(built.headers['xi-api-key'], 'xi-key');
    assert.deepEqual(JSON.parse(built.body), { text: 'Bonjour', model_id: 'eleven_multilingual_v2', language_code: 'fr', seed: 7, voice_settings: { stability: 0.4 } });
    const fallback = elevenLabsSpeechAdapter.buildRequest({ kind: 'speech', model: 'm', input: { prompt: 'x' } }, 'eleven_multilingual_v2', eleven) as { url: string };
    assert.ok(fallback.url.includes(`/text-to-speech/${DEFAULT_ELEVENLABS_VOICE}?output_format=mp3_44100_128`));
  });

  it('answers the audio bytes, billed by characters; errors keep detail.message', () => {
    const output = elevenLabsSpeechAdapter.parseResponse({ status: 200, headers: { 'content-type': 'audio/mpeg' }, body: Buffer.from([0xff, 0xfb]) }, { kind: 'speech', model: 'm', input: { prompt: 'héllo' } });
    assert.deepEqual(output.units, { characters: 5 });
    const error = elevenLabsSpeechAdapter.parseError(401, {}, JSON.stringify({ detail: { status: 'invalid_api_key', message: 'Invalid API key' } }), eleven);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'authentication');
    assert.equal(error.message, 'Invalid API key');
  });
});
