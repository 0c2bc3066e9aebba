import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { veoJobAdapter } from './veo-job-adapter.ts';

const settings = { id: 'google', apiKey: 'AIza-test', baseUrl: 'https://generativelanguage.googleapis.com' };
const request = { kind: 'video' as const, model: 'google/veo-3.0-generate-001', input: { prompt: 'a reef', image: 'data:image/png;base64,iVBORw0KGgo=', aspect_ratio: '16:9' } };

// Bodies in the shape of the Gemini API's video generation docs (ai.google.dev/gemini-api/docs/video).
describe('veoJobAdapter', () => {
  it('submits predictLongRunning with the prompt, the first frame as bytes, and parameters', async () => {
    const submit = await veoJobAdapter.buildSubmit(request, 'veo-3.0-generate-001', settings, { wait: false });
    assert.equal(submit.url, 'https://generativelanguage.googleapis.com/v1beta/models/veo-3.0-generate-001:predictLongRunning');
    assert.equal(submit.headers['x-goog-api-key'], 'AIza-test');
    assert.deepEqual(JSON.parse(submit.body!), { instances: [{ prompt: 'a reef', image: { bytesBase64Encoded: 'iVBORw0KGgo=', mimeType: 'image/png' } }], parameters: { aspectRatio: '16:9' } });
    const poll = await veoJobAdapter.buildPoll('models/veo-3.0-generate-001/operations/abc123', settings);
    assert.equal(poll.url, 'https://generativelanguage.googleapis.com/v1beta/models/veo-3.0-generate-001/operations/abc123');
  });

  it('reads a pending operation, a finished one with its video URI, a failed one, and a safety-filtered one', () => {
    assert.deepEqual(veoJobAdapter.parseSubmit({ name: 'models/veo-3.0-generate-001/operations/abc123' }, request), { upstreamId: 'models/veo-3.0-generate-001/operations/abc123', progress: { status: 'running' } });
    const done = veoJobAdapter.parsePoll({ name: 'x', done: true, response: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse', generateVideoResponse: { generatedSamples: [{ video: { uri: 'https://generativelanguage.googleapis.com/v1beta/files/f1:download?alt=media' } }] } } }, request);
    assert.deepEqual(done, { status: 'succeeded', files: [{ url: 'https://generativelanguage.googleapis.com/v1beta/files/f1:download?alt=media' }], units: { seconds: 8 } });
    assert.deepEqual(veoJobAdapter.parsePoll({ name: 'x', done: true, error: { code: 3, message: 'Invalid prompt.' } }, request), { status: 'failed', reason: 'Invalid prompt.' });
    const filtered = veoJobAdapter.parsePoll({ name: 'x', done: true, response: { generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: ['The prompt could not be submitted.'] } } }, request);
    assert.deepEqual(filtered, { status: 'failed', reason: 'The prompt could not be submitted.' });
    assert.deepEqual(veoJobAdapter.downloadHeaders('u', settings), { 'x-goog-api-key': 'AIza-test' });
  });

  it('refuses a remote URL as the first frame: Veo takes bytes', () => {
    assert.throws(() => veoJobAdapter.buildSubmit({ ...request, input: { prompt: 'x', image: 'https://example.com/a.png' } }, 'veo-3.0-generate-001', settings, { wait: false }), /data: URI/);
  });
});
