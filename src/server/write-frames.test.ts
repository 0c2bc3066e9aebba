import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFrames } from './write-frames.ts';

/** A real server answering with `writeFrames` over `frames`; the body the client read and the writes made. */
async function serve(frames: () => AsyncIterable<string>): Promise<{ body: string; writes: string[]; written: boolean }> {
  const writes: string[] = [];
  let written = false;
  const server = createServer(async (_req, res: ServerResponse) => {
    const write = res.write.bind(res) as (chunk: string) => boolean;
    res.write = ((chunk: string) => (writes.push(chunk), write(chunk))) as typeof res.write;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    written = await writeFrames(res, frames(), (frame) => frame, () => false);
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { body: await response.text(), writes, written };
  } finally {
    server.close();
  }
}

test('frames ready in the same tick go out in one write; a later frame in the next', async () => {
  const { body, writes, written } = await serve(async function* () {
    yield 'data: 1\n\n';
    yield 'data: 2\n\n';
    yield 'data: 3\n\n';
    await sleep(20);
    yield 'data: 4\n\n';
  });
  assert.equal(written, true);
  assert.equal(body, 'data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n');
  assert.deepEqual(writes, ['data: 1\n\ndata: 2\n\ndata: 3\n\n', 'data: 4\n\n']);
});

test('batches past the socket’s buffer wait for it to drain; every frame arrives, in order', async () => {
  const frame = (n: number) => `data: ${'x'.repeat(1000)} ${n}\n\n`;
  const { body, written } = await serve(async function* () {
    for (let n = 0; n < 5000; n++) {
      yield frame(n);
      if (n % 500 === 0) await sleep(1);
    }
  });
  assert.equal(written, true);
  assert.equal(body, Array.from({ length: 5000 }, (_, n) => frame(n)).join(''));
});
