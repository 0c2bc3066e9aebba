import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Switchyard, SwitchyardError } from '../../src/index.ts';
import { runCookbook } from '../../examples/cookbook.ts';
import { startStack, type Stack } from './stack.ts';

let stack: Stack;
before(async () => {
  // Fast polling for the emulator's short jobs.
  stack = await startStack({ env: { REPLICATE_API_TOKEN: 'r8_emulated', SWITCHYARD_JOB_POLL_MS: '40' } });
});
after(() => stack.close());

test('the cookbook: image → video with the image as first frame → narration, with the Switchyard client', async () => {
  const client = new Switchyard({ baseURL: stack.gateway.url });
  const lines: string[] = [];
  const result = await runCookbook(client, { log: (line) => lines.push(line), intervalMs: 30 });
  assert.equal(result.image.status, 'succeeded');
  assert.equal(result.video.status, 'succeeded');
  assert.equal(result.narration.status, 'succeeded');
  assert.match(result.script, /narration/);
  for (const job of [result.image, result.video, result.narration]) {
    const file = await fetch(job.output!.files[0].url);
    assert.equal(file.status, 200);
    assert.ok((await file.arrayBuffer()).byteLength > 0);
  }
  // The video job is a real job: the client can read it again.
  assert.equal((await client.jobs.get(result.video.id)).status, 'succeeded');
  assert.equal(lines.length, 4);
});

test('the client: jobs.wait, run without waiting, streams as chunks, and errors as SwitchyardError', async () => {
  const client = new Switchyard({ baseURL: `${stack.gateway.url}/v1` });
  const queued = await client.run('meta/musicgen', { prompt: 'a short jingle', duration_seconds: 2 }, { wait: false });
  assert.ok(['queued', 'running'].includes(queued.status));
  const done = await client.jobs.wait(queued.id, { intervalMs: 20, timeoutMs: 5000 });
  assert.equal(done.status, 'succeeded');

  const chunks = [];
  for await (const chunk of client.stream({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi there' }] })) chunks.push(chunk);
  assert.equal(chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join(''), 'Echo: hi there');

  await assert.rejects(client.run('black-forest-labs/flux-schnell', { prompt: 'x', aspect_ratio: '7:5' as '1:1' }), (error: unknown) => {
    assert.ok(error instanceof SwitchyardError);
    assert.equal(error.status, 400);
    assert.equal(error.param, 'input.aspect_ratio');
    return true;
  });
});
