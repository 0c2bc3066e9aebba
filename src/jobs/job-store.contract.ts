import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from './job.ts';
import type { JobStore } from './job-store.ts';

/** One store under test, freshly created and empty. */
export type JobStoreHarness = { store: JobStore; close(): Promise<void> };

const START = 1_750_000_000_000;

function sample(id: string, overrides: Partial<Job> = {}): Job {
  return {
    id,
    accountId: 'acct_1',
    keyId: 'key_1',
    requestId: 'req_1',
    model: 'minimax/video-01',
    provider: 'replicate',
    upstreamModel: 'minimax/video-01',
    status: 'queued',
    input: { prompt: 'a lighthouse at dawn, waves 🌊', duration_seconds: 6 },
    webhookUrl: 'http://127.0.0.1:9/hook',
    reservationId: 'led_1',
    createdAt: START,
    updatedAt: START,
    ...overrides,
  };
}

/**
 * The behaviour every `JobStore` must have. Each implementation's test calls this with a
 * factory for an empty store whose clock is `now`.
 */
export function describeJobStoreContract(name: string, makeStore: (clock: { now: () => number }) => Promise<JobStoreHarness>): void {
  describe(`JobStore contract: ${name}`, () => {
    let time = START;
    let harness: JobStoreHarness;
    let store: JobStore;

    beforeEach(async () => {
      time = START;
      harness = await makeStore({ now: () => time });
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('gives back a created job exactly, and undefined for an unknown id', async () => {
      await store.create(sample('job_a'));
      assert.deepEqual(await store.get('job_a'), sample('job_a'));
      assert.equal(await store.get('job_b'), undefined);
    });

    it('keeps optional fields absent rather than null', async () => {
      const bare = sample('job_bare', { keyId: undefined, webhookUrl: undefined, reservationId: undefined });
      delete bare.keyId;
      delete bare.webhookUrl;
      delete bare.reservationId;
      await store.create(bare);
      assert.deepEqual(await store.get('job_bare'), bare);
    });

    it('moves a job through its statuses, stamping updatedAt, and keeps output, units and cost exactly', async () => {
      await store.create(sample('job_a'));
      time = START + 100;
      const running = await store.update('job_a', ['queued'], { status: 'running', upstreamId: 'pred_123' });
      assert.equal(running?.status, 'running');
      assert.equal(running?.upstreamId, 'pred_123');
      assert.equal(running?.updatedAt, START + 100);
      time = START + 900;
      const output = { files: [{ fileId: 'file_1', mediaType: 'video/mp4', bytes: 1234 }], data: { seed: 7 } };
      const done = await store.update('job_a', ['queued', 'running'], {
        status: 'succeeded',
        output,
        units: { seconds: 6 },
        costNanos: 9_007_199_254_740_993n,
        completedAt: START + 900,
      });
      assert.deepEqual(done, { ...sample('job_a'), status: 'succeeded', upstreamId: 'pred_123', output, units: { seconds: 6 }, costNanos: 9_007_199_254_740_993n, completedAt: START + 900, updatedAt: START + 900 });
    });

    it('refuses a change from a status the job is no longer in: a cancel and a poll have one winner', async () => {
      await store.create(sample('job_a', { status: 'running' }));
      assert.ok(await store.update('job_a', ['queued', 'running'], { status: 'canceled', completedAt: START }));
      assert.equal(await store.update('job_a', ['queued', 'running'], { status: 'succeeded' }), undefined);
      assert.equal((await store.get('job_a'))?.status, 'canceled');
      assert.equal(await store.update('job_missing', ['queued'], { status: 'running' }), undefined);
    });

    it('records the offer a submission failed over to', async () => {
      await store.create(sample('job_a', { provider: 'replicate', upstreamModel: 'minimax/video-01' }));
      const moved = await store.update('job_a', ['queued'], { provider: 'fal', upstreamModel: 'fal-ai/minimax/video-01', upstreamId: 'req_9' });
      assert.deepEqual([moved?.provider, moved?.upstreamModel, moved?.status], ['fal', 'fal-ai/minimax/video-01', 'queued']);
      assert.equal((await store.get('job_a'))?.provider, 'fal');
    });

    it('keeps a failure reason', async () => {
      await store.create(sample('job_f'));
      const failed = await store.update('job_f', ['queued'], { status: 'failed', error: { code: 'upstream_error', message: 'NSFW content detected' }, costNanos: 0n });
      assert.deepEqual(failed?.error, { code: 'upstream_error', message: 'NSFW content detected' });
      assert.equal(failed?.costNanos, 0n);
    });

    it('lists only unfinished jobs, oldest first, for the runner to resume', async () => {
      await store.create(sample('job_2', { createdAt: START + 2 }));
      await store.create(sample('job_1', { createdAt: START + 1, status: 'running', upstreamId: 'op/1' }));
      await store.create(sample('job_3', { createdAt: START + 3, status: 'succeeded' }));
      await store.create(sample('job_4', { createdAt: START + 4, status: 'failed' }));
      assert.deepEqual((await store.listUnfinished()).map((job) => job.id), ['job_1', 'job_2']);
    });
  });
}
