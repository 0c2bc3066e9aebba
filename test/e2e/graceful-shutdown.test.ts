import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { chatText, followToEnd, frameIds, readFrames } from './sse-reading.ts';
import { emulatedProviderEnv, fundedAccount, sharedBackends, spawnGateway, type GatewayProcess } from './gateway-process.ts';

/**
 * `switchyard serve` receiving SIGTERM (what `docker stop` and Kubernetes send) with work in
 * flight, beside a second instance on the same PostgreSQL and Redis: readiness fails at once and
 * no new connection is taken; the non-streaming request finishes; the stream's reader is handed
 * over to the other instance while this one's inference keeps pumping into Redis; the process
 * exits 0 within the drain window with every charge and log entry written.
 */
const adminKey = 'admin-key-for-shutdown-tests-0123456789';
const prompt = 'Tell me a long story about a night train crossing the mountains under a full moon with many stops';
const expectedText = `Echo: ${prompt}`;
const drainMs = 10_000;

let backends: Awaited<ReturnType<typeof sharedBackends>>;
let emulator: Emulator;
let a: GatewayProcess;
let b: GatewayProcess;

before(async () => {
  [backends, emulator] = await Promise.all([sharedBackends(), startEmulator({ port: 0 })]);
  const env = {
    ...emulatedProviderEnv(emulator.url),
    SWITCHYARD_ADMIN_KEY: adminKey,
    DATABASE_URL: backends.databaseUrl,
    REDIS_URL: backends.redisUrl,
    SWITCHYARD_REDIS_KEY_PREFIX: backends.redisKeyPrefix,
    SWITCHYARD_SHUTDOWN_DRAIN_MS: String(drainMs),
  };
  [a, b] = await Promise.all([spawnGateway(env), spawnGateway(env)]);
});
after(async () => {
  for (const instance of [a, b]) if (instance && instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGKILL');
  await Promise.all([a?.exited, b?.exited]);
  await emulator?.close();
  await backends?.close();
});

const fault = (fault: Record<string, number>) =>
  fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'openai', fault, times: 1 }) });

const chat = (instance: GatewayProcess, key: string, body: Record<string, unknown>) =>
  fetch(`${instance.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: prompt }], ...body }),
  });

test('SIGTERM drains: readyz 503 at once, the request in flight completes, the stream moves to B, exit 0 with everything written', async (t) => {
  const { accountId, key } = await fundedAccount(a.url, adminKey, '1');

  // A long stream on A (40 ms between events), and a non-streaming request that waits 1.2 s upstream.
  await fault({ token_delay_ms: 40 });
  const stream = await chat(a, key, { stream: true, stream_options: { include_usage: true } });
  const streamId = stream.headers.get('x-switchyard-stream-id')!;
  const streamRequestId = stream.headers.get('x-switchyard-request-id')!;
  const onA = followToEnd(stream);
  await fault({ stall_ms: 1200 });
  const pending = chat(a, key, {});
  // A load balancer's probe connection, open before the signal with a request half sent.
  const probe = connect(Number(new URL(a.url).port), '127.0.0.1');
  await new Promise((resolve) => probe.once('connect', resolve));
  probe.write('GET /readyz HTTP/1.1\r\nHost: gateway\r\n');
  await new Promise((resolve) => setTimeout(resolve, 300));

  const signalledAt = performance.now();
  a.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 50));

  const probeAnswer = new Promise<string>((resolve) => {
    let text = '';
    probe.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    probe.on('close', () => resolve(text));
  });
  probe.write('\r\n');
  const answer = await probeAnswer;
  assert.match(answer, /^HTTP\/1\.1 503 /, 'not ready from the moment the drain began');
  assert.match(answer, /connection: close/i);
  const readiness = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { status: string; checks: { shutdown: { status: string } } };
  assert.equal(readiness.status, 'not_ready');
  assert.equal(readiness.checks.shutdown.status, 'draining');
  await assert.rejects(fetch(`${a.url}/healthz`), 'new connections are refused');

  // The stream's reader on A is disconnected and resumes on B from its last frame.
  const first = await onA;
  assert.equal(first.cleanEnd, false, 'A closed the reader’s connection');
  const handedOverAfter = performance.now() - signalledAt;
  const resumed = await fetch(`${b.url}/v1/streams/${streamId}`, { headers: { authorization: `Bearer ${key}`, 'last-event-id': String(first.frames.length) } });
  assert.equal(resumed.status, 200);
  const all = [...first.frames, ...(await readFrames(resumed))];
  assert.deepEqual(frameIds(all), all.map((_, index) => index + 1), 'no gap, no duplicate');
  assert.equal(chatText(all), expectedText, 'A kept producing the stream during the drain');
  assert.match(all.at(-1)!, /data: \[DONE\]/);

  // The non-streaming request in flight completes normally.
  const completed = await pending;
  assert.equal(completed.status, 200);
  const completedRequestId = completed.headers.get('x-switchyard-request-id')!;
  assert.equal(((await completed.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content, expectedText);

  const exit = await a.exited;
  const exitedAfter = performance.now() - signalledAt;
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.ok(exitedAfter < drainMs, `exited within the drain window (${exitedAfter.toFixed(0)} ms)`);
  assert.match(a.log(), /drained in \d+ ms; 1 stream readers handed over/);

  // Written before exit: both log entries, both charges, no hold left.
  const logged = await backends.query<{ id: string; status: number }>(`SELECT id, status FROM request_logs WHERE id = ANY($1) ORDER BY id`, [[streamRequestId, completedRequestId]]);
  assert.deepEqual(logged.rows.map((row) => [row.id, row.status]).sort(), [[streamRequestId, 200], [completedRequestId, 200]].sort());
  const ledger = await backends.query<{ kind: string }>(`SELECT kind FROM ledger_entries WHERE account_id = $1 ORDER BY seq`, [accountId]);
  assert.deepEqual(ledger.rows.map((row) => row.kind).filter((kind) => kind === 'capture'), ['capture', 'capture']);
  const wallet = await backends.query<{ reserved_nanos: bigint }>(`SELECT reserved_nanos FROM wallets WHERE account_id = $1`, [accountId]);
  assert.equal(Number(wallet.rows[0].reserved_nanos), 0);
  t.diagnostic(`stream reader handed over ${handedOverAfter.toFixed(0)} ms after SIGTERM; process exited 0 after ${exitedAfter.toFixed(0)} ms`);
});
