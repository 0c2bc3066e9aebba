import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readinessHandler, type ReadinessDeps } from './health-checks.ts';

/** Serves one readiness handler on a loopback port and returns its answer to one probe. */
async function probe(deps: ReadinessDeps): Promise<{ status: number; body: { status: string; checks: Record<string, { status: string; error?: string }> } }> {
  const handler = readinessHandler(deps);
  const server = createServer((req, res) => void handler({ req, res, url: new URL('http://x/readyz'), params: {}, requestId: 'req_test', signal: new AbortController().signal }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    return { status: response.status, body: (await response.json()) as never };
  } finally {
    server.close();
  }
}

const ok = { name: 'database', check: async () => {} };

test('every check answering and no shutdown: 200 ready', async () => {
  const { status, body } = await probe({ checks: [ok, { name: 'redis', check: async () => {} }], draining: () => false });
  assert.equal(status, 200);
  assert.equal(body.status, 'ready');
  assert.deepEqual(Object.keys(body.checks), ['database', 'redis', 'shutdown']);
});

test('a failing check: 503 naming it, without the driver’s message', async () => {
  const logged: string[] = [];
  const failing = { name: 'redis', check: async () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:6379')) };
  const { status, body } = await probe({ checks: [ok, failing], draining: () => false, log: (line) => logged.push(line) });
  assert.equal(status, 503);
  assert.equal(body.status, 'not_ready');
  assert.equal(body.checks.redis.status, 'fail');
  assert.equal(body.checks.redis.error, 'unreachable');
  assert.equal(body.checks.database.status, 'ok');
  assert.match(logged[0], /ECONNREFUSED 10\.0\.0\.7/, 'the detail goes to the log');
});

test('a hung check fails at the timeout instead of hanging the probe', async () => {
  const hung = { name: 'database', check: () => new Promise<void>(() => {}) };
  const { status, body } = await probe({ checks: [hung], draining: () => false, timeoutMs: 50 });
  assert.equal(status, 503);
  assert.equal(body.checks.database.error, 'timeout');
});

test('draining: 503 even with every dependency up', async () => {
  const { status, body } = await probe({ checks: [ok], draining: () => true });
  assert.equal(status, 503);
  assert.equal(body.checks.shutdown.status, 'draining');
});
