import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index.ts';

describe('emulated Veo (Gemini API long-running operations)', () => {
  let emulator: Emulator;
  const key = { 'x-goog-api-key': 'gemini-test', 'content-type': 'application/json' };
  before(async () => {
    emulator = await startEmulator({ jobDelayMs: 100 });
  });
  after(() => emulator.close());

  const submit = (prompt: string) =>
    fetch(`${emulator.url}/google/v1beta/models/veo-3.0-generate-001:predictLongRunning`, { method: 'POST', headers: key, body: JSON.stringify({ instances: [{ prompt }], parameters: { aspectRatio: '16:9' } }) });
  const poll = async (name: string) => {
    for (;;) {
      const operation = (await (await fetch(`${emulator.url}/google/v1beta/${name}`, { headers: key })).json()) as Record<string, any>;
      if (operation.done) return operation;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('answers an operation name, then done with a video URI that needs the key to download', async () => {
    const { name } = (await (await submit('a reef')).json()) as { name: string };
    assert.match(name, /^models\/veo-3\.0-generate-001\/operations\/[0-9a-f]+$/);
    const operation = await poll(name);
    const uri = operation.response.generateVideoResponse.generatedSamples[0].video.uri as string;
    assert.equal((await fetch(uri)).status, 403);
    const video = await fetch(uri, { headers: key });
    assert.equal(video.headers.get('content-type'), 'image/gif');
  });

  it('ends a prompt containing "fail" as a done operation with an error', async () => {
    const { name } = (await (await submit('fail')).json()) as { name: string };
    const operation = await poll(name);
    assert.equal(operation.error.code, 3);
    assert.equal(operation.response, undefined);
  });
});
