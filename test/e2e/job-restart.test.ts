import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { emulatorEnv, startEmulator } from '../../src/emulator/index.ts';
import { openTestSchema, TEST_DATABASE_URL } from '../../src/stores/postgres/test-database.ts';

/**
 * Submits a slow job, stops the gateway before it finishes, starts a new gateway on the same
 * database and file folder, and expects the new one to poll the job to the end.
 */
async function jobSurvivesRestart(databaseUrl: string, dir: string): Promise<void> {
  const emulator = await startEmulator({ jobDelayMs: 800 });
  const env = {
    ...emulatorEnv(emulator.url),
    REPLICATE_API_TOKEN: 'r8_emulated',
    DATABASE_URL: databaseUrl,
    SWITCHYARD_FILES_DIR: join(dir, 'files'),
    SWITCHYARD_SECRET: 'restart-secret',
    SWITCHYARD_JOB_POLL_MS: '40',
  };
  const config = () => loadConfig({ env, overrides: { port: 0, host: '127.0.0.1' } });
  try {
    const first = await startGateway(config());
    const submitted = (await (await fetch(`${first.url}/v1/run/meta/musicgen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: { prompt: 'a short jingle', duration_seconds: 2 } }) })).json()) as { id: string; status: string };
    assert.ok(['queued', 'running'].includes(submitted.status));
    await first.close();

    const second = await startGateway(config());
    try {
      let job: { status: string; output?: { files: Array<{ url: string }> } } = { status: 'queued' };
      for (let n = 0; n < 100 && !['succeeded', 'failed'].includes(job.status); n++) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        job = (await (await fetch(`${second.url}/v1/jobs/${submitted.id}`)).json()) as typeof job;
      }
      assert.equal(job.status, 'succeeded');
      const audio = await fetch(job.output!.files[0].url);
      assert.equal(audio.headers.get('content-type'), 'audio/wav');
      assert.equal(Buffer.from(await audio.arrayBuffer()).subarray(0, 4).toString('latin1'), 'RIFF');
    } finally {
      await second.close();
    }
  } finally {
    await emulator.close();
  }
}

test('a job survives a gateway restart on SQLite: the next start resumes polling it to the end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-restart-'));
  try {
    await jobSurvivesRestart(join(dir, 'switchyard.sqlite'), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a job survives a gateway restart on PostgreSQL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-restart-pg-'));
  const { schema, close } = await openTestSchema({ migrate: false });
  try {
    const separator = TEST_DATABASE_URL.includes('?') ? '&' : '?';
    await jobSurvivesRestart(`${TEST_DATABASE_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`, dir);
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
});
