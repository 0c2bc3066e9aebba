import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from '../../src/billing/sign-webhook.ts';
import { signedFileUrl } from '../../src/jobs/files/file-links.ts';
import { startStack, type Stack } from './stack.ts';


const adminKey = 'admin-key-for-run-jobs-0123456789';
const secret = 'switchyard-secret-for-run-jobs-tests';

type JobView = { id: string; status: string; output?: { files: Array<{ url: string; content_type: string; bytes: number }> }; error?: { message: string }; cost_usd: number | null; created_at: number; completed_at: number | null };

describe('POST /v1/run and jobs, through the gateway to the emulator', () => {
  let stack: Stack;
  let accountId: string;
  let key: string;
  let otherKey: string;

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return response.json() as Promise<Record<string, any>>;
  };
  const call = (method: string, path: string, body?: unknown, as = key) =>
    fetch(`${stack.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const run = async (model: string, body: unknown) => {
    const response = await call('POST', `/v1/run/${model}`, body);
    return { status: response.status, body: (await response.json()) as JobView & Record<string, any> };
  };
  const walletOf = async () => (await (await call('GET', '/v1/wallet')).json()) as Record<string, any>;
  /** Polls the job, recording every status seen, until it is final. */
  const follow = async (id: string) => {
    const seen: string[] = [];
    for (let n = 0; n < 200; n++) {
      const job = (await (await call('GET', `/v1/jobs/${id}`)).json()) as JobView;
      if (seen.at(-1) !== job.status) seen.push(job.status);
      if (['succeeded', 'failed', 'canceled'].includes(job.status)) return { job, seen };
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    throw new Error(`job ${id} never finished`);
  };

  before(async () => {
    // Fast polling for the emulator's 300 ms jobs, and the shared webhook secret.
    stack = await startStack({ adminKey, env: { REPLICATE_API_TOKEN: 'r8_emulated', SWITCHYARD_SECRET: secret, SWITCHYARD_JOB_POLL_MS: '40', SWITCHYARD_WEBHOOK_SECRET: 'whsec_run_jobs_test' } });
    accountId = (await admin('POST', '/admin/accounts', { name: 'Media Co' })).id;
    key = (await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'agent' })).key;
    await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd: '10', idempotency_key: 'media-topup' });
    const other = (await admin('POST', '/admin/accounts', { name: 'Someone else' })).id;
    otherKey = (await admin('POST', `/admin/accounts/${other}/keys`, { name: 'other' })).key;
  });
  after(() => stack.close());

  test('a quick image model answers synchronously with a gateway file link to a real PNG, charged per image', async () => {
    const before = await walletOf();
    const { status, body } = await run('black-forest-labs/flux-schnell', { input: { prompt: 'a red fox in snow', n: 2 } });
    assert.equal(status, 200);
    assert.equal(body.status, 'succeeded');
    assert.equal(body.output!.files.length, 2);
    assert.equal(body.cost_usd, 0.006);
    const image = await fetch(body.output!.files[0].url);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.deepEqual([...new Uint8Array(await image.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const after = await walletOf();
    assert.equal(BigInt(before.balance_nanos) - BigInt(after.balance_nanos), 6_000_000n);
    assert.equal(after.reserved_nanos, 0);
  });

  test('files can be answered inline as data: URIs', async () => {
    const { body } = await run('black-forest-labs/flux-1.1-pro', { input: { prompt: 'a lighthouse' }, output: 'inline' });
    assert.match(body.output!.files[0].url, /^data:image\/png;base64,iVBORw0KGgo/);
  });

  test('a video job goes queued → running → succeeded, takes the image as its first frame, and costs per second', async () => {
    const image = await run('black-forest-labs/flux-schnell', { input: { prompt: 'first frame' } });
    const before = await walletOf();
    const { status, body } = await run('kwaivgi/kling-v2.1', { input: { prompt: 'the fox runs', image: image.body.output!.files[0].url, duration_seconds: 5 } });
    assert.equal(status, 202);
    assert.ok(['queued', 'running'].includes(body.status));
    assert.equal(body.cost_usd, null);
    const { job, seen } = await follow(body.id);
    assert.equal(job.status, 'succeeded');
    // Statuses only move forward, and the emulator's 'processing' phase is seen as running.
    assert.deepEqual(seen, ['queued', 'running', 'succeeded'].filter((status) => seen.includes(status)));
    assert.ok(seen.includes('running'));
    assert.equal(job.cost_usd, 0.25);
    assert.ok(job.completed_at! >= job.created_at);
    const video = await fetch(job.output!.files[0].url);
    assert.equal(video.headers.get('content-type'), 'image/gif');
    assert.equal(Buffer.from(await video.arrayBuffer()).subarray(0, 6).toString('latin1'), 'GIF89a');
    const after = await walletOf();
    assert.equal(BigInt(before.balance_nanos) - BigInt(after.balance_nanos), 250_000_000n);
    assert.equal(after.reserved_nanos, 0);
  });

  test('a job that fails upstream ends failed with the provider\'s reason and is not charged', async () => {
    const before = await walletOf();
    const { status, body } = await run('meta/musicgen', { input: { prompt: 'please fail this song', duration_seconds: 8 } });
    assert.equal(status, 202);
    const { job } = await follow(body.id);
    assert.equal(job.status, 'failed');
    assert.match(job.error!.message, /safety filter/);
    assert.equal(job.cost_usd, 0);
    const after = await walletOf();
    assert.equal(after.balance_nanos, before.balance_nanos);
    assert.equal(after.reserved_nanos, 0);
  });

  test('a synchronous run that fails upstream is a 502 naming the reason, and costs nothing', async () => {
    const before = await walletOf();
    const response = await call('POST', '/v1/run/black-forest-labs/flux-schnell', { input: { prompt: 'fail now' } });
    assert.equal(response.status, 502);
    assert.match(((await response.json()) as any).error.message, /safety filter/);
    assert.equal((await walletOf()).balance_nanos, before.balance_nanos);
  });

  test('Veo runs as a long-running operation on the Gemini API, billed per second of video', async () => {
    const { status, body } = await run('google/veo-3.0-generate-001', { input: { prompt: 'a drone shot over a reef' } });
    assert.equal(status, 202);
    const { job } = await follow(body.id);
    assert.equal(job.status, 'succeeded');
    assert.equal(job.cost_usd, 3.2);
    assert.equal((await fetch(job.output!.files[0].url)).status, 200);
  });

  test('the finished job is POSTed to the webhook with a valid signature', async () => {
    const received: Array<{ body: string; signature: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers[WEBHOOK_SIGNATURE_HEADER]) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/switchyard`;
      const { body } = await run('meta/musicgen', { input: { prompt: 'a calm piano loop', duration_seconds: 4 }, webhook: hook });
      assert.equal(body.webhook_secret, undefined, 'a shared SWITCHYARD_WEBHOOK_SECRET is never echoed');
      await follow(body.id);
      for (let n = 0; n < 100 && received.length === 0; n++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(received.length, 1);
      assert.ok(verifyWebhookSignature(received[0].body, received[0].signature, 'whsec_run_jobs_test', Math.floor(Date.now() / 1000)));
      const payload = JSON.parse(received[0].body);
      assert.equal(payload.type, 'job.succeeded');
      assert.equal(payload.job.id, body.id);
      assert.equal(payload.job.cost_usd, 0.032);
    } finally {
      receiver.close();
    }
  });

  test('a job can be canceled before it finishes, and then costs nothing', async () => {
    const before = await walletOf();
    const { body } = await run('minimax/video-01', { input: { prompt: 'a slow sunrise' } });
    const canceled = (await (await call('POST', `/v1/jobs/${body.id}/cancel`)).json()) as JobView;
    assert.equal(canceled.status, 'canceled');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(((await (await call('GET', `/v1/jobs/${body.id}`)).json()) as JobView).status, 'canceled');
    const after = await walletOf();
    assert.equal(after.balance_nanos, before.balance_nanos);
    assert.equal(after.reserved_nanos, 0);
  });

  test('a job belongs to its account: another key gets a 404', async () => {
    const { body } = await run('black-forest-labs/flux-schnell', { input: { prompt: 'mine' } });
    assert.equal((await call('GET', `/v1/jobs/${body.id}`, undefined, otherKey)).status, 404);
    assert.equal((await call('POST', `/v1/jobs/${body.id}/cancel`, undefined, otherKey)).status, 404);
    assert.equal((await call('GET', '/v1/jobs/job_nonexistent')).status, 404);
  });

  test('input is checked against the model\'s schema: the 400 names the parameter and the accepted values', async () => {
    const bad = await call('POST', '/v1/run/black-forest-labs/flux-schnell', { input: { prompt: 'x', aspect_ratio: '7:5' } });
    assert.equal(bad.status, 400);
    const error = ((await bad.json()) as any).error;
    assert.equal(error.param, 'input.aspect_ratio');
    assert.match(error.message, /"16:9"/);
    const unknown = ((await (await call('POST', '/v1/run/black-forest-labs/flux-schnell', { input: { prompt: 'x', style: 'vivid' } })).json()) as any).error;
    assert.equal(unknown.param, 'input.style');
    assert.equal((await call('POST', '/v1/run/openai/gpt-4o-mini', { input: { prompt: 'x' } })).status, 400);
    assert.equal((await call('POST', '/v1/run/nobody/nothing', { input: { prompt: 'x' } })).status, 404);
  });

  test('file links expire: an expired link is a 403, a forged one a 404', async () => {
    const { body } = await run('black-forest-labs/flux-schnell', { input: { prompt: 'expiring' } });
    const url = new URL(body.output!.files[0].url);
    const id = url.pathname.split('/').at(-1)!;
    const linkSecret = createHmac('sha256', secret).update('switchyard file links').digest('hex');
    const expired = signedFileUrl(stack.gateway.url, id, Math.floor(Date.now() / 1000) - 1, linkSecret);
    assert.equal((await fetch(expired)).status, 403);
    url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 60));
    assert.equal((await fetch(url)).status, 404);
    assert.equal((await fetch(`${stack.gateway.url}/v1/files/${id}`)).status, 404);
  });

  test('the same input runs on another provider by switching the model id', async () => {
    const input = { prompt: 'a watercolour of a heron', n: 1, output_format: 'png' };
    const flux = await run('black-forest-labs/flux-schnell', { input });
    assert.equal(flux.status, 200);
    const openai = await run('openai/gpt-image-1', { input });
    assert.equal(openai.status, 200, JSON.stringify(openai.body));
    assert.equal(openai.body.status, 'succeeded');
    const image = await fetch(openai.body.output!.files[0].url);
    assert.equal(image.status, 200);
    assert.match(image.headers.get('content-type') ?? '', /^image\//);
  });

  test('runs are in the request log', async () => {
    const { body } = await run('black-forest-labs/flux-schnell', { input: { prompt: 'logged' } });
    const job = (await (await call('GET', `/v1/jobs/${body.id}`)).json()) as JobView;
    assert.equal(job.status, 'succeeded');
    let entries: any[] = [];
    for (let n = 0; n < 50; n++) {
      entries = (((await (await call('GET', '/v1/requests?limit=50')).json()) as any).data ?? []).filter((entry: any) => entry.requested_model === 'black-forest-labs/flux-schnell');
      if (entries.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(entries.length > 0);
    assert.equal(entries[0].provider, 'replicate');
  });
});
