import autocannon from 'autocannon';
import { Pool } from 'undici';
import { summarise, type LatencySummary } from './stats.ts';

/**
 * The load generator, run as its own process (forked by bench/run.ts) so that on a 2-core
 * machine it competes for CPU with the gateway like any other client would, instead of sharing
 * the orchestrator's event loop. It answers one job at a time over the IPC channel.
 */

/** One HTTP request, as every job sends it. */
export type RequestSpec = { origin: string; path: string; headers: Record<string, string>; body: string };

export type Job =
  | { kind: 'saturate'; request: RequestSpec; connections: number; seconds: number }
  | { kind: 'paced'; request: RequestSpec; rate: number; seconds: number }
  | { kind: 'sequential'; request: RequestSpec; seconds: number; maxRequests: number }
  | { kind: 'ttfb'; request: RequestSpec; count: number }
  | { kind: 'open-streams'; request: RequestSpec; count: number; timeoutMs: number }
  | { kind: 'close-streams' };

export type SaturateResult = { rps: number; requests: number; errors: number; non2xx: number; latency: LatencySummary };
export type PacedResult = { targetRate: number; achievedRate: number; requests: number; errors: number; latency: LatencySummary };
export type SequentialResult = { requests: number; errors: number; latency: LatencySummary };
export type TtfbResult = { errors: number; firstByte: LatencySummary; total: LatencySummary };
export type OpenStreamsResult = { requested: number; opened: number; failed: number };

type Reply = { id: number; result?: unknown; error?: string };

/**
 * Saturation: autocannon closed loop with `connections` connections. Latencies are taken from
 * each response event (hrtime, fractional ms), not autocannon's integer-ms histogram.
 */
async function saturate(job: Extract<Job, { kind: 'saturate' }>): Promise<SaturateResult> {
  const samples: number[] = [];
  const instance = autocannon({
    url: job.request.origin + job.request.path,
    method: 'POST',
    headers: job.request.headers,
    body: job.request.body,
    connections: job.connections,
    duration: job.seconds,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status >= 200 && status < 300) samples.push(responseTime);
  });
  const result = await instance;
  const seconds = result.duration || job.seconds;
  return {
    rps: samples.length / seconds,
    requests: samples.length,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    latency: summarise(samples),
  };
}

/**
 * Fixed rate, open loop: a request is due every 1/rate s whatever the previous ones are doing,
 * and its latency counts from when it was due (so queueing delay is not hidden). autocannon's
 * `overallRate` is not used here: it lets each connection send its per-second quota back to
 * back and then idle, which measures bursts, not a steady rate.
 */
async function paced(job: Extract<Job, { kind: 'paced' }>): Promise<PacedResult> {
  const pool = new Pool(job.request.origin, { connections: 256, keepAliveTimeout: 30_000 });
  const interval = 1000 / job.rate;
  const total = Math.round(job.rate * job.seconds);
  const samples: number[] = [];
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) {
      const due = start + sent * interval;
      sent++;
      inFlight.push(
        send(pool, job.request).then(
          (ok) => (ok ? void samples.push(performance.now() - due) : void errors++),
          () => void errors++,
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  return { targetRate: job.rate, achievedRate: samples.length / elapsed, requests: samples.length, errors, latency: summarise(samples) };
}

/** One request at a time, for latency without queueing (the body-size curve). */
async function sequential(job: Extract<Job, { kind: 'sequential' }>): Promise<SequentialResult> {
  const pool = new Pool(job.request.origin, { connections: 1 });
  const samples: number[] = [];
  let errors = 0;
  const deadline = performance.now() + job.seconds * 1000;
  while (performance.now() < deadline && samples.length + errors < job.maxRequests) {
    const started = performance.now();
    const ok = await send(pool, job.request).catch(() => false);
    if (ok) samples.push(performance.now() - started);
    else errors++;
  }
  await pool.close();
  return { requests: samples.length, errors, latency: summarise(samples) };
}

/** Streams one at a time: time to the first body bytes, and to the end of the stream. */
async function ttfb(job: Extract<Job, { kind: 'ttfb' }>): Promise<TtfbResult> {
  const pool = new Pool(job.request.origin, { connections: 1 });
  const first: number[] = [];
  const total: number[] = [];
  let errors = 0;
  for (let i = 0; i < job.count; i++) {
    const started = performance.now();
    try {
      const response = await pool.request({ path: job.request.path, method: 'POST', headers: job.request.headers, body: job.request.body });
      let firstAt = 0;
      for await (const _chunk of response.body) if (!firstAt) firstAt = performance.now();
      if (response.statusCode !== 200) {
        errors++;
        continue;
      }
      first.push(firstAt - started);
      total.push(performance.now() - started);
    } catch {
      errors++;
    }
  }
  await pool.close();
  return { errors, firstByte: summarise(first), total: summarise(total) };
}

let openStreams: { pool: Pool; abort: AbortController; done: Promise<unknown> } | undefined;

/** Opens `count` slow streams at once and resolves when each has sent its first bytes (or failed). */
async function openMany(job: Extract<Job, { kind: 'open-streams' }>): Promise<OpenStreamsResult> {
  const pool = new Pool(job.request.origin, { connections: job.count, headersTimeout: 0, bodyTimeout: 0 });
  const abort = new AbortController();
  let opened = 0;
  let failed = 0;
  const firstBytes: Promise<void>[] = [];
  const streams: Promise<unknown>[] = [];
  for (let i = 0; i < job.count; i++) {
    let markOpen!: () => void;
    firstBytes.push(new Promise<void>((resolve) => (markOpen = resolve)));
    streams.push(
      (async () => {
        try {
          const response = await pool.request({ path: job.request.path, method: 'POST', headers: job.request.headers, body: job.request.body, signal: abort.signal });
          let first = true;
          for await (const _chunk of response.body) {
            if (first && response.statusCode === 200) opened++;
            else if (first) failed++;
            if (first) markOpen();
            first = false;
          }
        } catch {
          if (!abort.signal.aborted) failed++;
        } finally {
          markOpen();
        }
      })(),
    );
  }
  await Promise.race([Promise.all(firstBytes), new Promise((resolve) => setTimeout(resolve, job.timeoutMs))]);
  openStreams = { pool, abort, done: Promise.all(streams) };
  return { requested: job.count, opened, failed };
}

async function closeMany(): Promise<void> {
  if (!openStreams) return;
  const { pool, abort, done } = openStreams;
  openStreams = undefined;
  abort.abort();
  await done;
  await pool.destroy();
}

/** Sends one request and drains the answer; true when it was a 2xx. */
async function send(pool: Pool, request: RequestSpec): Promise<boolean> {
  const response = await pool.request({ path: request.path, method: 'POST', headers: request.headers, body: request.body });
  for await (const _chunk of response.body);
  return response.statusCode >= 200 && response.statusCode < 300;
}

async function run(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'saturate':
      return saturate(job);
    case 'paced':
      return paced(job);
    case 'sequential':
      return sequential(job);
    case 'ttfb':
      return ttfb(job);
    case 'open-streams':
      return openMany(job);
    case 'close-streams':
      return closeMany();
  }
}

if (import.meta.main) {
  process.on('message', (message: { id: number; job: Job }) => {
    run(message.job).then(
      (result) => process.send!({ id: message.id, result } satisfies Reply),
      (error: unknown) => process.send!({ id: message.id, error: (error as Error).stack ?? String(error) } satisfies Reply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
