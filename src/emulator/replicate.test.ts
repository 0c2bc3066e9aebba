import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index.ts';

describe('emulated Replicate predictions', () => {
  let emulator: Emulator;
  let base: string;
  const auth = { authorization: 'Bearer r8_test', 'content-type': 'application/json' };
  before(async () => {
    emulator = await startEmulator({ jobDelayMs: 150 });
    base = `${emulator.url}/replicate/v1`;
  });
  after(() => emulator.close());

  const create = (model: string, input: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${base}/models/${model}/predictions`, { method: 'POST', headers: { ...auth, ...headers }, body: JSON.stringify({ input }) });

  it('moves a prediction from starting through processing to succeeded, with a real WAV behind the output URL', async () => {
    const created = (await (await create('meta/musicgen', { prompt: 'drums', duration: 8 })).json()) as Record<string, any>;
    assert.equal(created.status, 'starting');
    assert.equal(created.output, null);
    assert.equal(created.urls.get, `${base}/predictions/${created.id}`);
    const seen = new Set<string>();
    let prediction = created;
    while (!['succeeded', 'failed'].includes(prediction.status)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      prediction = (await (await fetch(created.urls.get, { headers: auth })).json()) as Record<string, any>;
      seen.add(prediction.status);
    }
    assert.ok(seen.has('processing'));
    assert.equal(prediction.status, 'succeeded');
    assert.equal(typeof prediction.output, 'string');
    assert.ok(prediction.metrics.predict_time > 0);
    const audio = await fetch(prediction.output);
    assert.equal(audio.headers.get('content-type'), 'audio/wav');
    assert.equal(Buffer.from(await audio.arrayBuffer()).subarray(8, 12).toString('latin1'), 'WAVE');
  });

  it('holds a `Prefer: wait` request until done; flux-schnell answers a list of PNG URLs', async () => {
    const prediction = (await (await create('black-forest-labs/flux-schnell', { prompt: 'a cat', num_outputs: 2 }, { prefer: 'wait' })).json()) as Record<string, any>;
    assert.equal(prediction.status, 'succeeded');
    assert.equal(prediction.output.length, 2);
    const png = Buffer.from(await (await fetch(prediction.output[0])).arrayBuffer());
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  });

  it('fails a prompt containing "fail" with a reason, and cancels on request', async () => {
    const failed = (await (await create('black-forest-labs/flux-1.1-pro', { prompt: 'fail please' }, { prefer: 'wait' })).json()) as Record<string, any>;
    assert.equal(failed.status, 'failed');
    assert.match(failed.error, /safety filter/);
    const running = (await (await create('minimax/video-01', { prompt: 'waves' })).json()) as Record<string, any>;
    const canceled = (await (await fetch(running.urls.cancel, { method: 'POST', headers: auth })).json()) as Record<string, any>;
    assert.equal(canceled.status, 'canceled');
  });

  it('answers Replicate-style problems: 401 without a token, 422 for missing input, 404 for an unknown model', async () => {
    const unauthenticated = await fetch(`${base}/models/meta/musicgen/predictions`, { method: 'POST', body: '{}' });
    assert.equal(unauthenticated.status, 401);
    assert.equal(((await unauthenticated.json()) as any).title, 'Unauthenticated');
    const invalid = await create('kwaivgi/kling-v2.1', { prompt: 'no first frame' });
    assert.equal(invalid.status, 422);
    assert.match(((await invalid.json()) as any).detail, /start_image/);
    assert.equal((await create('someone/unknown', { prompt: 'x' })).status, 404);
  });
});
