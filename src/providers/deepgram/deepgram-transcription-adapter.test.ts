import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deepgramTranscriptionAdapter } from './deepgram-transcription-adapter.ts';

const deepgram = { id: 'deepgram', baseUrl: 'https://api.deepgram.com', apiKey: 'dg-key' };

// Shapes from developers.deepgram.com/reference/speech-to-text/listen-pre-recorded.
describe('Deepgram pre-recorded transcription', () => {
  it('sends the raw audio with its media type and Token auth; the language or detection in the query', () => {
    const audio = Buffer.from('RIFF....WAVE');
    const built = deepgramTranscriptionAdapter.buildRequest(
      { kind: 'transcription', model: 'deepgram/nova-3', input: { language: 'en', prompt: 'Switchyard, gateway' }, files: { audio: { kind: 'inline', mediaType: 'audio/wav', data: audio } } },
      'nova-3',
      deepgram,
    ) as { url: string; headers: Record<string, string>; body: Uint8Array };
    assert.equal(built.url, 'https://api.deepgram.com/v1/listen?model=nova-3&smart_format=true&punctuate=true&utterances=true&language=en&keyterm=Switchyard&keyterm=gateway');
    assert.equal(built.headers.authorization, 'Token dg-key');
    assert.equal(built.headers['content-type'], 'audio/wav');
    assert.equal(built.body, audio);
  });

  it('reads the transcript, duration and utterances as segments', () => {
    const body = {
      metadata: { duration: 4.2 },
      results: { channels: [{ alternatives: [{ transcript: 'hello world' }], detected_language: 'en' }], utterances: [{ start: 0.1, end: 4.0, transcript: 'hello world' }] },
    };
    const output = deepgramTranscriptionAdapter.parseResponse({ status: 200, headers: {}, body: Buffer.from(JSON.stringify(body)) }, { kind: 'transcription', model: 'm', input: {} });
    assert.equal(output.text, 'hello world');
    assert.deepEqual(output.units, { seconds: 4.2 });
    assert.deepEqual(output.data, { duration: 4.2, language: 'en', segments: [{ id: 0, start: 0.1, end: 4.0, text: 'hello world' }] });
    const error = deepgramTranscriptionAdapter.parseError(400, {}, JSON.stringify({ err_code: 'Bad Request', err_msg: 'corrupt audio', request_id: 'r' }), deepgram);
    assert.equal(error.message, 'corrupt audio');
  });
});
