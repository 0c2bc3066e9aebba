import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { replicateJobAdapter } from './replicate-job-adapter.ts';

const settings = { id: 'replicate', apiKey: 'r8_abc', baseUrl: 'https://api.replicate.com' };

// Bodies in the shape of Replicate's API reference (https://replicate.com/docs/reference/http).
describe('replicateJobAdapter', () => {
  it('submits to the model endpoint with the canonical names mapped to the model\'s own, and Prefer: wait when asked', async () => {
    const adapter = replicateJobAdapter('kwaivgi/kling-v2.1');
    const request = await adapter.buildSubmit({ kind: 'video', model: 'kwaivgi/kling-v2.1', input: { prompt: 'waves', image: 'data:image/png;base64,AAAA', duration_seconds: 10 } }, 'kwaivgi/kling-v2.1', settings, { wait: false });
    assert.equal(request.url, 'https://api.replicate.com/v1/models/kwaivgi/kling-v2.1/predictions');
    assert.equal(request.headers.authorization, 'Bearer r8_abc');
    assert.equal(request.headers.prefer, undefined);
    assert.deepEqual(JSON.parse(request.body!), { input: { prompt: 'waves', start_image: 'data:image/png;base64,AAAA', duration: 10 } });
    const flux = await replicateJobAdapter('black-forest-labs/flux-schnell').buildSubmit({ kind: 'image', model: 'm', input: { prompt: 'x', n: 2, output_format: 'jpeg' } }, 'black-forest-labs/flux-schnell', settings, { wait: true });
    assert.equal(flux.headers.prefer, 'wait=60');
    assert.deepEqual(JSON.parse(flux.body!).input, { prompt: 'x', num_outputs: 2, output_format: 'jpg' });
  });

  it('reads statuses, output URLs and units', () => {
    const adapter = replicateJobAdapter('black-forest-labs/flux-schnell');
    const request = { kind: 'image' as const, model: 'm', input: { prompt: 'x' } };
    assert.deepEqual(adapter.parsePoll({ id: 'p1', status: 'starting', output: null }, request), { status: 'queued' });
    assert.deepEqual(adapter.parsePoll({ id: 'p1', status: 'processing', output: null }, request), { status: 'running' });
    const done = adapter.parsePoll({ id: 'p1', status: 'succeeded', output: ['https://replicate.delivery/a.webp', 'https://replicate.delivery/b.webp'], metrics: { predict_time: 0.8 } }, request);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.status === 'succeeded' && done.units, { images: 2 });
    assert.deepEqual(adapter.parsePoll({ id: 'p1', status: 'failed', error: 'NSFW content detected.' }, request), { status: 'failed', reason: 'NSFW content detected.' });
    const music = replicateJobAdapter('meta/musicgen').parsePoll({ id: 'p2', status: 'succeeded', output: 'https://replicate.delivery/out.wav' }, { kind: 'music', model: 'meta/musicgen', input: { prompt: 'x' } });
    assert.deepEqual(music.status === 'succeeded' && music.units, { seconds: 8 });
  });

  it('turns problem+json errors into gateway errors: a refused token is the gateway\'s 502, invalid input a 400', () => {
    const adapter = replicateJobAdapter('meta/musicgen');
    const refused = adapter.parseError(401, {}, '{"title":"Unauthenticated","detail":"You did not pass a valid authentication token","status":401}', settings);
    assert.equal(refused.status, 502);
    const invalid = adapter.parseError(422, {}, '{"title":"Input validation failed","detail":"- input.duration: Must be less than or equal to 30","status":422}', settings);
    assert.equal(invalid.status, 400);
    assert.match(invalid.message, /Must be less than or equal to 30/);
  });
});
