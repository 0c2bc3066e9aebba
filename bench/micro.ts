import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { randomHex, randomId } from '../src/core/ids.ts';
import { estimatePromptTokens } from '../src/billing/estimate-max-cost.ts';
import type { CanonicalRequest } from '../src/core/request.ts';
import { openAiAdapter } from '../src/providers/openai/index.ts';
import { renderChatStream } from '../src/api/openai-chat/render-chat-stream.ts';
import { UpstreamClient } from '../src/routing/upstream-client.ts';
import { watchStream, Watchdog } from '../src/routing/watchdog.ts';
import { openSqlite } from '../src/stores/sqlite/open-sqlite.ts';
import { SqliteLedgerStore } from '../src/stores/sqlite/sqlite-ledger-store.ts';
import { SqliteRequestLogStore } from '../src/stores/sqlite/sqlite-request-log-store.ts';
import { SqliteStreamStore } from '../src/stores/sqlite/sqlite-stream-store.ts';
import { makeLogEntry } from '../src/observability/testing/make-log-entry.ts';

const usage = `node bench/micro.ts CASE   (the microbenchmarks behind docs/benchmarks.md "Optimisations")

  ledger [concurrency]   CPU per billed request: reserve, capture and two low-balance checks
                         (SQLite file, WAL), after 10,000 ledger rows of one account; default 32
  ids                    time per request id / trace id
  estimate               time to size a 100 KB prompt for a billing hold
  log-batch              how long one request-log transaction holds the event loop, by batch size
  stream-save [conc.]    CPU per finished 100-frame stream saved to SQLite; default 16
  response-write         server CPU per small JSON response: chunked writes vs one end(body)
  passthrough-build      time to build an OpenAI passthrough request of a 100 KB prompt:
                         canonical body built and replaced vs URL and headers only
  stream-relay [conc.]   client CPU per 100-chunk OpenAI stream read over loopback through
                         undici → watchStream → parseOpenAiStream → renderChatStream; default 16
  generator-layers       CPU per event of three pass-through layers over a 100-event stream:
                         async generators (as the stream path uses) vs promise-chained iterators
`;

/** CPU time (user + system) of `run`, in µs. */
async function cpuMicros(run: () => Promise<void> | void): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function tempDatabase(name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-micro-'));
  const db = openSqlite(join(dir, name));
  return { db, done: () => (db.close(), rmSync(dir, { recursive: true, force: true })) };
}

async function ledger(concurrency: number): Promise<void> {
  const { db, done } = tempDatabase('ledger.sqlite');
  const store = new SqliteLedgerStore(db);
  await store.credit({ accountId: 'a', amountNanos: 10n ** 18n, idempotencyKey: 'top-up' });
  const request = async () => {
    const held = await store.reserve({ accountId: 'a', amountNanos: 1000n, expiresAt: Date.now() + 60_000, keyId: 'k', requestId: 'r', provider: 'openai', model: 'gpt' });
    if (!held.ok) throw new Error('refused');
    await store.claimLowBalanceAlert('a');
    // The upstream call happens here: the capture comes in a later turn.
    await new Promise((resolve) => setImmediate(resolve));
    const tokens = { inputTokens: 10, outputTokens: 20, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    await store.capture({ reservationId: held.reservation.id, amountNanos: 500n, provider: 'openai', model: 'gpt', priced: true, tokens });
    await store.claimLowBalanceAlert('a');
  };
  const many = (count: number) =>
    Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < Math.ceil(count / concurrency); i++) await request();
    }));
  await many(5000); // 10,000 ledger rows
  const count = 8000;
  const started = performance.now();
  const micros = await cpuMicros(() => many(count).then(() => undefined));
  console.log(`ledger, ${concurrency} concurrent: ${(micros / count).toFixed(1)} µs CPU, ${(((performance.now() - started) * 1000) / count).toFixed(1)} µs wall per request`);
  done();
}

function ids(): void {
  const n = 1_000_000;
  let sink = 0;
  const time = (run: () => string) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) sink += run().length;
    return (((performance.now() - started) * 1e6) / n).toFixed(0);
  };
  console.log(`request id: randomBytes each ${time(() => 'req_' + randomBytes(12).toString('base64url'))} ns, pooled ${time(() => randomId('req_'))} ns`);
  console.log(`trace id:   randomBytes each ${time(() => randomBytes(16).toString('hex'))} ns, pooled ${time(() => randomHex(16))} ns`, sink > 0 ? '' : '?');
}

function estimate(): void {
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2300);
  const request: CanonicalRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text }] }] };
  // What the estimate did before: serialise the request with a replacer that drops images.
  const serialised = () => Math.ceil(Buffer.byteLength(JSON.stringify({ messages: request.messages }, (_key, value) => value)) / 3);
  const time = (run: () => number) => {
    const started = performance.now();
    for (let i = 0; i < 2000; i++) run();
    return (((performance.now() - started) * 1000) / 2000).toFixed(1);
  };
  console.log(`100 KB prompt: serialised ${time(serialised)} µs (${serialised()} tokens), counted ${time(() => estimatePromptTokens(request))} µs (${estimatePromptTokens(request)} tokens)`);
}

async function logBatch(): Promise<void> {
  const { db, done } = tempDatabase('log.sqlite');
  const store = new SqliteRequestLogStore(db);
  for (const size of [500, 100, 500, 100]) {
    const entries = Array.from({ length: size }, () => ({ ...makeLogEntry(), metadata: { agent: 'planner', run: 'r1' } }));
    const started = performance.now();
    await store.append(entries);
    console.log(`batch of ${size}: the event loop is held ${(performance.now() - started).toFixed(1)} ms`);
  }
  done();
}

async function streamSave(concurrency: number): Promise<void> {
  const { db, done } = tempDatabase('streams.sqlite');
  const store = new SqliteStreamStore(db);
  const frames = Array.from({ length: 102 }, (_, i) => `data: {"id":"chatcmpl-abc","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"tok ${i} "},"finish_reason":null}]}\n\n`);
  let next = 0;
  const save = () => store.save({ id: `str_${next++}`, accountId: 'local', status: 'completed', contentType: 'text/event-stream', headers: { 'x-switchyard-provider': 'openai' }, frames, createdAt: 1, finishedAt: 2, expiresAt: Date.now() + 3_600_000 });
  const rounds = Math.ceil(4000 / concurrency);
  for (let i = 0; i < 50; i++) await Promise.all(Array.from({ length: concurrency }, save));
  const micros = await cpuMicros(async () => {
    for (let i = 0; i < rounds; i++) await Promise.all(Array.from({ length: concurrency }, save));
  });
  console.log(`stream save, ${concurrency} finishing together: ${(micros / (rounds * concurrency)).toFixed(1)} µs CPU per stream`);
  done();
}

/** The server half of response-write, in its own process so the load generator's CPU is not counted. */
function serveResponses(mode: string): void {
  const body = Buffer.from(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello.' }, finish_reason: 'stop' }] }));
  const headers = { 'content-type': 'application/json', 'x-switchyard-request-id': 'req_x' };
  async function* once(bytes: Uint8Array) {
    yield bytes;
  }
  let served = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      served++;
      if (mode === 'end') {
        res.writeHead(200, { ...headers, 'content-length': body.byteLength });
        res.end(body);
        return;
      }
      res.writeHead(200, headers);
      for await (const chunk of once(body)) res.write(chunk);
      res.end();
    });
  });
  let start = process.cpuUsage();
  server.listen(0, '127.0.0.1', () => {
    start = process.cpuUsage();
    process.send!({ port: (server.address() as { port: number }).port });
  });
  process.on('message', () => {
    const used = process.cpuUsage(start);
    process.send!({ micros: (used.user + used.system) / served });
    process.exit(0);
  });
}

async function responseWrite(): Promise<void> {
  for (const mode of ['chunked', 'end', 'chunked', 'end']) {
    const child = fork(new URL(import.meta.url).pathname, ['serve-responses', mode], { execPath: process.execPath });
    const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', resolve as (value: unknown) => void));
    const result = await autocannon({ url: `http://127.0.0.1:${port}/`, method: 'POST', body: '{}', connections: 32, duration: 3 });
    child.send('report');
    const { micros } = await new Promise<{ micros: number }>((resolve) => child.once('message', resolve as (value: unknown) => void));
    console.log(`${mode.padEnd(7)}: ${result.requests.average.toFixed(0)} req/s, ${micros.toFixed(1)} µs server CPU per response`);
  }
}

async function passthroughBuild(): Promise<void> {
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2300);
  const request: CanonicalRequest = { model: 'gpt-4o-mini', stream: false, maxTokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text }] }] };
  const clientBody = { model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: text }] };
  const settings = { id: 'openai', baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'sk-x' };
  const adapter = openAiAdapter;
  const both = async () => {
    const built = await adapter.buildRequest(request, 'gpt-4o-mini', settings);
    built.body = adapter.passthroughBody!(clientBody, 'gpt-4o-mini');
    return built;
  };
  const endpointOnly = async () => {
    const built = await adapter.buildPassthroughRequest!('gpt-4o-mini', settings, false);
    built.body = adapter.passthroughBody!(clientBody, 'gpt-4o-mini');
    return built;
  };
  const time = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < 4000; i++) await run();
    return (((performance.now() - started) * 1000) / 4000).toFixed(1);
  };
  for (let round = 0; round < 2; round++) {
    console.log(`100 KB passthrough request: buildRequest + passthroughBody ${await time(both)} µs, buildPassthroughRequest + passthroughBody ${await time(endpointOnly)} µs`);
  }
}

/** The server half of stream-relay: 100 content chunks, a finish chunk and [DONE], written as they come. */
function serveStreams(): void {
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const frames = [chunk({ role: 'assistant', content: '' }, null), ...Array.from({ length: 100 }, (_, i) => chunk({ content: `tok ${i} ` }, null)), chunk({}, 'stop'), 'data: [DONE]\n\n'];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < frames.length; i++) {
        res.write(frames[i]);
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
  process.on('message', () => process.exit(0));
}

async function streamRelay(concurrency: number): Promise<void> {
  const child = fork(new URL(import.meta.url).pathname, ['serve-streams'], { execPath: process.execPath });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', resolve as (value: unknown) => void));
  const upstream = new UpstreamClient();
  const request = { url: `http://127.0.0.1:${port}/`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{}' };
  let frames = 0;
  const relay = async () => {
    const controller = new AbortController();
    const response = await upstream.send(request, 'openai', controller.signal);
    const watchdog = new Watchdog(controller, 'openai');
    const events = watchStream(openAiAdapter.parseStream(response.body), watchdog, { firstMs: 30_000, idleMs: 30_000 }, 'openai');
    for await (const frame of renderChatStream(events, { requestedModel: 'gpt-4o-mini' })) frames += frame.length > 0 ? 1 : 0;
  };
  const rounds = Math.ceil(3000 / concurrency);
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) await Promise.all(Array.from({ length: concurrency }, relay));
  };
  await run(20);
  for (let round = 0; round < 2; round++) {
    frames = 0;
    const started = performance.now();
    const micros = await cpuMicros(() => run(rounds));
    const streams = rounds * concurrency;
    console.log(`stream relay, ${concurrency} at once: ${(micros / streams).toFixed(0)} µs CPU per stream, ${(streams / ((performance.now() - started) / 1000)).toFixed(0)} streams/s (${frames / streams} frames each)`);
  }
  child.send('stop');
  await upstream.close();
}

/** What a pass-through stage costs per event: an async generator, or an iterator chaining promises. */
async function generatorLayers(): Promise<void> {
  async function* source(count: number): AsyncGenerator<{ type: string; index: number }> {
    for (let index = 0; index < count; index++) {
      await null;
      yield { type: 'text_delta', index };
    }
  }
  async function* generatorLayer<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const item of items) yield item;
  }
  const iteratorLayer = <T>(items: AsyncIterable<T>): AsyncIterableIterator<T> => {
    const inner = items[Symbol.asyncIterator]();
    return {
      next: () => inner.next().then((result) => result),
      return: (value?: unknown) => inner.return?.(value) ?? Promise.resolve({ done: true, value: undefined as T }),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  };
  const perEvent = async (layer: (items: AsyncIterable<{ type: string; index: number }>) => AsyncIterable<{ type: string; index: number }>, layers: number) => {
    const streams = 3000;
    const micros = await cpuMicros(async () => {
      for (let stream = 0; stream < streams; stream++) {
        let items: AsyncIterable<{ type: string; index: number }> = source(100);
        for (let i = 0; i < layers; i++) items = layer(items);
        for await (const _item of items);
      }
    });
    return (micros / streams / 100).toFixed(3);
  };
  for (let round = 0; round < 3; round++) {
    console.log(`µs per event: no layer ${await perEvent((items) => items, 0)}, three generators ${await perEvent(generatorLayer, 3)}, three promise-chained iterators ${await perEvent(iteratorLayer, 3)}`);
  }
}

const [name, arg] = process.argv.slice(2);
switch (name) {
  case 'ledger':
    await ledger(Number(arg ?? 32));
    break;
  case 'ids':
    ids();
    break;
  case 'estimate':
    estimate();
    break;
  case 'log-batch':
    await logBatch();
    break;
  case 'stream-save':
    await streamSave(Number(arg ?? 16));
    break;
  case 'response-write':
    await responseWrite();
    break;
  case 'passthrough-build':
    await passthroughBuild();
    break;
  case 'stream-relay':
    await streamRelay(Number(arg ?? 16));
    break;
  case 'generator-layers':
    await generatorLayers();
    break;
  case 'serve-streams':
    serveStreams();
    break;
  case 'serve-responses':
    serveResponses(arg);
    break;
  default:
    process.stdout.write(usage);
}
