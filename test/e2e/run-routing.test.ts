import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from './stack.ts';

/**
 * The bundled catalog plus `test/clip`, a video model offered by Replicate and by Veo, so a job
 * has somewhere to fail over to. Its Replicate offer points at `replicate` below, a real server
 * the test tells how to answer.
 */
function catalogWithTwoVideoOffers(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-run-catalog-'));
  const bundled = new URL('../../catalog/', import.meta.url).pathname;
  for (const name of readdirSync(bundled)) if (name.endsWith('.json')) copyFileSync(join(bundled, name), join(dir, name));
  const clip = {
    id: 'test/clip',
    name: 'Test clip',
    kind: 'video',
    context_length: 2000,
    max_output_tokens: 0,
    modalities: { input: ['text'], output: ['video'] },
    capabilities: { tools: false, json_schema: false, reasoning: false, vision: false },
    providers: [
      { provider: 'replicate', model: 'minimax/video-01', pricing: { per_second: 0.1 } },
      { provider: 'google', model: 'veo-3.0-generate-001', pricing: { per_second: 0.4 } },
    ],
    parameters: { type: 'object', properties: { prompt: { type: 'string' }, duration_seconds: { type: 'integer', minimum: 1, maximum: 8 } }, required: ['prompt'] },
  };
  writeFileSync(join(dir, 'test.json'), JSON.stringify([clip]));
  return dir;
}

type JobView = { id: string; status: string; output?: { files: Array<{ url: string; content_type: string }> }; error?: { message: string }; cost_usd: number | null };

describe('/v1/run routing: synchronous models on the media path, jobs failing over at submission', () => {
  let stack: Stack;
  let replicate: Server;
  let catalogDir: string;
  /** How the stand-in Replicate answers a submission, and how many it received. */
  const replicateAnswer = { status: 503, calls: 0 };

  const run = async (model: string, body: unknown) => {
    const response = await fetch(`${stack.gateway.url}/v1/run/${model}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { response, body: (await response.json()) as JobView & { error?: { message: string; param?: string } } };
  };
  const follow = async (id: string): Promise<JobView> => {
    for (let n = 0; n < 200; n++) {
      const job = (await (await fetch(`${stack.gateway.url}/v1/jobs/${id}`)).json()) as JobView;
      if (['succeeded', 'failed', 'canceled'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    throw new Error(`job ${id} never finished`);
  };

  before(async () => {
    replicate = createServer((req, res) => {
      replicateAnswer.calls++;
      req.resume();
      res.writeHead(replicateAnswer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Unavailable', detail: 'replicate stand-in says no', status: replicateAnswer.status }));
    });
    await new Promise<void>((resolve) => replicate.listen(0, '127.0.0.1', resolve));
    catalogDir = catalogWithTwoVideoOffers();
    stack = await startStack({
      catalogDir,
      env: { REPLICATE_API_TOKEN: 'r8_test', REPLICATE_BASE_URL: `http://127.0.0.1:${(replicate.address() as AddressInfo).port}`, SWITCHYARD_JOB_POLL_MS: '40' },
    });
  });
  after(async () => {
    await stack?.close();
    replicate.close();
    rmSync(catalogDir, { recursive: true, force: true });
  });

  test('a job refused with a retryable error is submitted to the next offer, and the job names the provider that took it', async () => {
    replicateAnswer.status = 503;
    replicateAnswer.calls = 0;
    const { response, body } = await run('test/clip', { input: { prompt: 'a kite over a beach', duration_seconds: 8 } });
    assert.equal(response.status, 202, JSON.stringify(body));
    assert.equal(response.headers.get('x-switchyard-provider'), 'google');
    assert.equal(replicateAnswer.calls, 1);
    const job = await follow(body.id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.cost_usd, 3.2, "billed at the Veo offer's price, $0.40 × 8 s");
  });

  test('a client error is not failed over: it comes back at once, the next offer untried', async () => {
    replicateAnswer.status = 422;
    replicateAnswer.calls = 0;
    stack.emulator.clearRequests();
    const { response, body } = await run('test/clip', { input: { prompt: 'a kite' } });
    assert.equal(response.status, 400);
    assert.match(body.error!.message, /replicate stand-in says no/);
    assert.equal(replicateAnswer.calls, 1);
    assert.deepEqual(stack.emulator.requests().filter((request) => request.path.includes('veo')), [], 'Veo was not tried');
  });

  test('provider preferences choose the offer: `order` puts Veo first, `only` leaves nothing to fail over to', async () => {
    replicateAnswer.status = 503;
    replicateAnswer.calls = 0;
    const first = await run('test/clip', { input: { prompt: 'a kite' }, provider: { order: ['google'] } });
    assert.equal(first.response.headers.get('x-switchyard-provider'), 'google');
    assert.equal(replicateAnswer.calls, 0);
    const only = await run('test/clip', { input: { prompt: 'a kite' }, provider: { only: ['replicate'] } });
    assert.equal(only.response.status, 503);
    assert.equal(replicateAnswer.calls, 1);
    const none = await run('test/clip', { input: { prompt: 'a kite' }, provider: { only: ['fal'] } });
    assert.equal(none.response.status, 400);
    assert.equal(none.body.error?.param, 'provider');
  });

  test('a synchronous model runs on the media path: it fails over from the Gemini API to Vertex AI', async () => {
    stack.emulator.injectFault({ status: 503 }, { provider: 'google', model: 'imagen-4.0-generate-001' });
    const { response, body } = await run('google/imagen-4', { input: { prompt: 'a lighthouse', n: 1 } });
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(response.headers.get('x-switchyard-provider'), 'vertex');
    assert.equal(body.status, 'succeeded');
    assert.equal(body.cost_usd, 0.04);
    const image = await fetch(body.output!.files[0].url);
    assert.equal(image.headers.get('content-type'), 'image/png');
    const again = (await (await fetch(`${stack.gateway.url}/v1/jobs/${body.id}`)).json()) as JobView;
    assert.equal(again.status, 'succeeded', 'the run is kept as a finished job');
  });

  test('a synchronous model gets the media path\'s input normalisation, and its 400s name `input.<parameter>`', async () => {
    // Imagen takes aspect_ratio; a size is turned into the nearest ratio it accepts.
    const sized = await run('google/imagen-4', { input: { prompt: 'a wide field', size: '1536x1024' } });
    assert.equal(sized.response.status, 200, JSON.stringify(sized.body));
    const bad = await run('google/imagen-4', { input: { prompt: 'x', quality: 'hd' } });
    assert.equal(bad.response.status, 400);
    assert.equal(bad.body.error?.param, 'input.quality');
  });

  test('a file parameter of a synchronous model is sent as a file: a gateway link to an image makes a gpt-image-1 edit', async () => {
    const source = await run('google/imagen-4', { input: { prompt: 'a hat' } });
    stack.emulator.clearRequests();
    const { response, body } = await run('openai/gpt-image-1', { input: { prompt: 'put the hat on a cat', image: source.body.output!.files[0].url } });
    assert.equal(response.status, 200, JSON.stringify(body));
    const edits = stack.emulator.requests().filter((request) => request.provider === 'openai' && request.path.endsWith('/images/edits'));
    assert.equal(edits.length, 1, 'sent to /images/edits with the image as a multipart file');
  });
});
