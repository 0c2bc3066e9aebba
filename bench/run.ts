import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Job, OpenStreamsResult as WorkerOpenStreams, PacedResult, RequestSpec, SaturateResult, SequentialResult, TtfbResult } from './load-worker.ts';
import { machineBusyShare, machineBusyTicks, processCpuTicks, waitForQuiet } from './machine-load.ts';
import { readMemory, resetPeak } from './proc-memory.ts';
import { startFloorProcess, startPortkeyProcess, startSwitchyardProcess, startUpstreamProcess, stoppedServersCpu, type ServerProcess } from './processes.ts';
import { summariseProfile } from './profile-summary.ts';
import {
  bodyCurveTable,
  chunkCurveTable,
  openStreamsTable,
  scenarioTable,
  sizeLabel,
  targetsTable,
  type BodyCurveResult,
  type ChunkCurveResult,
  type OpenStreamsResult,
  type PathResult,
  type RunSettings,
  type ScenarioResult,
} from './report.ts';
import { bodyCurveRequests, chunkCurveRequests, pathNames, scenarios, slowStreamRequests, type Endpoints, type PathName } from './scenarios.ts';

const usage = `npm run bench [-- options]

  --scenario NAMES   comma-separated: ${scenarios.map((s) => s.name).join(', ')}, open-streams, body-curve, chunk-curve
                     (default: all of them)
  --duration S       seconds for each saturation run and each fixed-rate run (default 4; --quick 0.75)
  --connections N    connections for the saturation runs (default 32)
  --rate N           requests/s for the fixed-rate latency runs (default 1000)
  --streams N        concurrent slow streams for the memory test (default 1000)
  --quick            about a minute: short runs, no large-body / translate-stream unless named
  --json FILE        also write every figure as JSON
  --wait-quiet       first wait (up to 10 min) until other processes use < 10% of the CPUs
  --profile          instead of the benchmark: CPU-profile Switchyard under saturation on one scenario
                     (--scenario NAME, default chat) and list the hot spots
`;

const repoRoot = new URL('..', import.meta.url).pathname;
const adminKey = 'bench-admin-key-0123456789abcdef';

type Options = { waitQuiet: boolean; profileScenario: string; scenarios: string[]; seconds: number; warmup: number; connections: number; rate: number; streams: number; quick: boolean; json?: string; profile: boolean };

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      rate: { type: 'string' },
      streams: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'wait-quiet': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const known = [...scenarios.map((s) => s.name), 'open-streams', 'body-curve', 'chunk-curve'];
  // --quick leaves out the two slowest scenarios unless they are asked for by name.
  const quickDefault = known.filter((name) => name !== 'large-body' && name !== 'translate-stream');
  const chosen = values.scenario ? values.scenario.split(',').map((name) => name.trim()) : values.quick ? quickDefault : known;
  for (const name of chosen) if (!known.includes(name)) throw new Error(`Unknown scenario '${name}'. Known: ${known.join(', ')}`);
  const quick = values.quick ?? false;
  const seconds = Number(values.duration ?? (quick ? 0.75 : 4));
  return {
    scenarios: chosen,
    seconds,
    warmup: quick ? 0.25 : 1,
    connections: Number(values.connections ?? 32),
    rate: Number(values.rate ?? 1000),
    streams: Number(values.streams ?? 1000),
    quick,
    json: values.json,
    profile: values.profile ?? false,
    waitQuiet: values['wait-quiet'] ?? false,
    profileScenario: values.scenario ? chosen[0] : 'chat',
  };
}

/** The load-generator child and a promise-returning call per job. */
function startLoadWorker(): { run<T>(job: Job): Promise<T>; stop(): void; pid: number } {
  const child: ChildProcess = fork(join(repoRoot, 'bench/load-worker.ts'), [], { execPath: process.execPath, stdio: 'inherit' });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(message.error));
    else waiting?.resolve(message.result);
  });
  return {
    run<T>(job: Job) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, job });
      });
    },
    stop: () => child.disconnect(),
    pid: child.pid!,
  };
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** One request on every path before measuring: a path that answers wrongly would make its figures meaningless. */
async function preflight(requests: Record<PathName, RequestSpec>, streaming: boolean): Promise<void> {
  for (const name of pathNames) {
    const request = requests[name];
    const response = await fetch(request.origin + request.path, { method: 'POST', headers: request.headers, body: request.body });
    const text = await response.text();
    const looksRight = streaming ? text.includes('tok ') : text.includes('Hello from the fast upstream.');
    if (response.status !== 200 || !looksRight) throw new Error(`${name} answered ${response.status}: ${text.slice(0, 300)}`);
  }
}

async function measurePath(
  load: ReturnType<typeof startLoadWorker>,
  request: RequestSpec,
  options: Options,
  streaming: boolean,
  rate: number,
  pid: number | undefined,
): Promise<PathResult> {
  await load.run<SaturateResult>({ kind: 'saturate', request, connections: options.connections, seconds: options.warmup });
  if (pid) resetPeak(pid);
  const saturate = await load.run<SaturateResult>({ kind: 'saturate', request, connections: options.connections, seconds: options.seconds });
  await pause(100);
  const paced = await load.run<PacedResult>({ kind: 'paced', request, rate, seconds: options.seconds });
  const ttfb = streaming ? await load.run<TtfbResult>({ kind: 'ttfb', request, count: options.quick ? 30 : 200 }) : undefined;
  const peakRss = pid ? readMemory(pid).peak : undefined;
  await pause(100);
  return { saturate, paced, ttfb, peakRss };
}

/** An account and a gateway key through the admin API, with credits when the gateway bills (so no 402s). */
async function createGatewayKey(url: string): Promise<string> {
  const admin = (path: string, body: unknown) =>
    fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const created = async (path: string, body: unknown) => {
    const response = await admin(path, body);
    if (response.status !== 201) throw new Error(`admin ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string; key: string };
  };
  const account = await created('/admin/accounts', { name: 'bench' });
  const key = (await created(`/admin/accounts/${account.id}/keys`, { name: 'bench-key' })).key;
  const credits = await admin(`/admin/accounts/${account.id}/credits`, { amount_usd: '1000000', idempotency_key: 'bench-top-up' });
  if (credits.status !== 201 && credits.status !== 404) throw new Error(`admin credits: ${credits.status} ${await credits.text()}`);
  return key;
}

/**
 * Which Switchyard features the full-path scenario really exercised, asked of the running
 * gateway after the run: the wallet says whether billing is on, the request log whether
 * requests (and their metadata) were recorded.
 */
async function fullPathFeatures(auth: { url: string; key: string }): Promise<string> {
  const get = async (path: string, key: string) => {
    const response = await fetch(auth.url + path, { headers: { authorization: `Bearer ${key}` } });
    return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
  };
  const wallet = await get('/v1/wallet', auth.key);
  const logged = (await get('/admin/requests?limit=1', adminKey))?.data as { metadata?: Record<string, unknown> }[] | undefined;
  const billing = wallet === undefined ? 'not built' : wallet.billing_enabled ? `on (spent from a $1,000,000 top-up; balance now $${wallet.balance_usd})` : 'built, off in this configuration';
  const log = logged === undefined ? 'not built' : logged.length > 0 ? 'on' : 'built, but nothing was logged';
  const metadata = logged?.[0]?.metadata && Object.keys(logged[0].metadata).length > 0 ? 'recorded with each request' : 'sent, not recorded';
  return `gateway-key auth (SQLite lookup): on; billing: ${billing}; request log: ${log}; x-switchyard-metadata: ${metadata}`;
}

/** The source being measured: commit, and how many files differ from it (read-only git calls). */
function sourceVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', ['--no-optional-locks', '-C', repoRoot, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).length;
    return `commit ${git('rev-parse', '--short', 'HEAD')}${changed ? ` + ${changed} uncommitted changed files` : ''}`;
  } catch {
    return 'unknown source version (no git)';
  }
}

/** Fresh gateway processes, so the memory of earlier load does not hide what the streams cost. */
async function measureOpenStreams(load: ReturnType<typeof startLoadWorker>, upstream: ServerProcess, logDir: string, options: Options): Promise<OpenStreamsResult[]> {
  const results: OpenStreamsResult[] = [];
  for (const path of ['switchyard', 'portkey'] as const) {
    const gateway =
      path === 'switchyard'
        ? await startSwitchyardProcess({ name: 'switchyard-streams', upstreamUrl: upstream.url, logDir, databasePath: join(logDir, 'streams.sqlite') })
        : await startPortkeyProcess({ logDir });
    try {
      const endpoints: Endpoints = { upstream: upstream.url, floor: '', switchyard: gateway.url, portkey: gateway.url };
      const quickRequests = scenarios.find((s) => s.name === 'stream')!.requests(endpoints);
      // A few ordinary streams first, so the idle figure includes a warmed-up gateway.
      await load.run<SequentialResult>({ kind: 'sequential', request: quickRequests[path], seconds: 1, maxRequests: 50 });
      await pause(500);
      const idleRss = readMemory(gateway.pid).rss;
      const opened = await load.run<WorkerOpenStreams>({ kind: 'open-streams', request: slowStreamRequests(endpoints)[path], count: options.streams, timeoutMs: options.quick ? 5000 : 15_000 });
      await pause(1000);
      let openRss = 0;
      for (let i = 0; i < 5; i++) {
        openRss = Math.max(openRss, readMemory(gateway.pid).rss);
        await pause(100);
      }
      await load.run({ kind: 'close-streams' });
      results.push({ path, ...opened, idleRss, openRss });
    } finally {
      await gateway.stop();
    }
  }
  return results;
}

/** One request at a time on every path in turn, after a few unmeasured ones: latency without queueing. */
async function eachPathInTurn(
  load: ReturnType<typeof startLoadWorker>,
  requests: Record<PathName, RequestSpec>,
  options: Options,
  warmupRequests: number,
): Promise<Record<PathName, SequentialResult>> {
  const paths = {} as Record<PathName, SequentialResult>;
  for (const name of pathNames) {
    await load.run<SequentialResult>({ kind: 'sequential', request: requests[name], seconds: 0.3, maxRequests: warmupRequests });
    paths[name] = await load.run<SequentialResult>({ kind: 'sequential', request: requests[name], seconds: options.quick ? 0.4 : 2, maxRequests: 2000 });
  }
  return paths;
}

async function measureBodyCurve(load: ReturnType<typeof startLoadWorker>, endpoints: Endpoints, options: Options): Promise<BodyCurveResult[]> {
  const sizes = [1024, 10 * 1024, 100 * 1024, 1024 * 1024];
  const results: BodyCurveResult[] = [];
  for (const bytes of sizes) {
    const paths = await eachPathInTurn(load, bodyCurveRequests(endpoints, bytes), options, options.quick ? 10 : 30);
    results.push({ bytes, paths });
    process.stderr.write(`  body-curve ${sizeLabel(bytes)} done\n`);
  }
  return results;
}

/** Streams of 10, 100 and 1,000 chunks, one at a time: whole-stream time per path. */
async function measureChunkCurve(load: ReturnType<typeof startLoadWorker>, endpoints: Endpoints, options: Options): Promise<ChunkCurveResult[]> {
  const results: ChunkCurveResult[] = [];
  for (const chunks of [10, 100, 1000]) {
    const paths = await eachPathInTurn(load, chunkCurveRequests(endpoints, chunks), options, options.quick ? 5 : 20);
    results.push({ chunks, paths });
    process.stderr.write(`  chunk-curve ${chunks} chunks done\n`);
  }
  return results;
}

async function profile(options: Options, logDir: string): Promise<void> {
  const scenario = scenarios.find((s) => s.name === options.profileScenario);
  if (!scenario) throw new Error(`--profile takes one of: ${scenarios.map((s) => s.name).join(', ')}`);
  const upstream = await startUpstreamProcess({ logDir, slowChunkDelayMs: 1000, streamChunks: 100 });
  const profileDir = join(logDir, 'cpu-profile');
  const switchyard = await startSwitchyardProcess({
    name: 'switchyard-profiled',
    upstreamUrl: upstream.url,
    logDir,
    databasePath: join(logDir, 'profile.sqlite'),
    adminKey: scenario.needsAuth ? adminKey : undefined,
    nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const load = startLoadWorker();
  let served = 0;
  try {
    const endpoints: Endpoints = { upstream: upstream.url, floor: '', switchyard: switchyard.url, portkey: '' };
    if (scenario.needsAuth) endpoints.switchyardAuth = { url: switchyard.url, key: await createGatewayKey(switchyard.url) };
    const request = scenario.requests(endpoints).switchyard;
    const result = await load.run<SaturateResult>({ kind: 'saturate', request, connections: options.connections, seconds: Math.max(options.seconds, 5) });
    served = result.requests;
    process.stderr.write(`profiled ${scenario.name}: ${result.requests} requests (${result.rps.toFixed(0)} req/s under the profiler)\n`);
  } finally {
    load.stop();
    await switchyard.stop();
    await upstream.stop();
  }
  // One profile per thread: the event loop's is thread 0; the SQLite writer's and the checkpointer's follow.
  const files = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')).sort();
  const main = files.find((name) => /\.0\.\d+\.cpuprofile$/.test(name)) ?? files[0];
  if (!main) throw new Error(`no .cpuprofile in ${profileDir}`);
  const others = files.filter((name) => name !== main).map((name) => join(profileDir, name));
  process.stdout.write(
    `${summariseProfile(join(profileDir, main), repoRoot, served)}\n\nProfile of the event loop: ${join(profileDir, main)} (open in Chrome DevTools → Performance)` +
      `${others.length ? `; worker threads: ${others.join(', ')} (\`node bench/profile-summary.ts FILE\`)` : ''}\n`,
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const logDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  if (options.profile) return profile(options, logDir);

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const otherLoad = options.waitQuiet ? await waitForQuiet(0.1, 600, log) : await machineBusyShare(1000);
  if (otherLoad > 0.1) log(`  warning: other processes keep ${(otherLoad * 100).toFixed(0)}% of the CPUs busy; figures will be noisy`);
  const settings: RunSettings = { connections: options.connections, rate: options.rate, seconds: options.seconds, streams: options.streams, otherLoad };
  const started = Date.now();
  const busyAtStart = machineBusyTicks();
  const ownAtStart = processCpuTicks(process.pid);
  const selected = scenarios.filter((s) => options.scenarios.includes(s.name));
  const upstream = await startUpstreamProcess({ logDir, slowChunkDelayMs: 1000, streamChunks: 100 });
  const servers: ServerProcess[] = [upstream];
  const load = startLoadWorker();
  const results: ScenarioResult[] = [];
  let streamResults: OpenStreamsResult[] = [];
  let curve: BodyCurveResult[] = [];
  let chunkCurve: ChunkCurveResult[] = [];
  let features = '';
  try {
    if (selected.length > 0 || options.scenarios.includes('body-curve') || options.scenarios.includes('chunk-curve')) {
      const switchyard = await startSwitchyardProcess({ name: 'switchyard', upstreamUrl: upstream.url, logDir, databasePath: join(logDir, 'switchyard.sqlite') });
      const portkey = await startPortkeyProcess({ logDir });
      const floor = await startFloorProcess({ logDir, upstreamUrl: upstream.url });
      servers.push(switchyard, portkey, floor);
      // For what resumable-stream buffering costs: the same gateway with it off, on stream scenarios.
      const unbuffered = selected.some((s) => s.streaming)
        ? await startSwitchyardProcess({ name: 'switchyard-unbuffered', upstreamUrl: upstream.url, logDir, databasePath: join(logDir, 'unbuffered.sqlite'), env: { SWITCHYARD_RESUMABLE_STREAMS: 'false' } })
        : undefined;
      if (unbuffered) servers.push(unbuffered);
      const endpoints: Endpoints = { upstream: upstream.url, floor: floor.url, switchyard: switchyard.url, portkey: portkey.url };
      // Warm the load generator's own code paths once, so the first path measured is not penalised.
      const warm = scenarios[0].requests(endpoints).direct;
      await load.run<SaturateResult>({ kind: 'saturate', request: warm, connections: options.connections, seconds: options.warmup });
      await load.run<PacedResult>({ kind: 'paced', request: warm, rate: options.rate, seconds: options.warmup });
      if (selected.some((s) => s.needsAuth)) {
        const secured = await startSwitchyardProcess({ name: 'switchyard-auth', upstreamUrl: upstream.url, logDir, databasePath: join(logDir, 'auth.sqlite'), adminKey });
        servers.push(secured);
        endpoints.switchyardAuth = { url: secured.url, key: await createGatewayKey(secured.url) };
      }
      const pidOf = (name: PathName, auth: boolean): number | undefined =>
        name === 'direct' ? undefined : name === 'floor' ? floor.pid : name === 'portkey' ? portkey.pid : auth ? servers.find((s) => s.name === 'switchyard-auth')!.pid : switchyard.pid;

      for (const scenario of selected) {
        const requests = scenario.requests(endpoints);
        await preflight(requests, scenario.streaming);
        // 1,000 streams/s of 100 chunks each is 100,000 SSE events/s, past every path's saturation here:
        // streams are measured at a tenth of the rate, so latency is not just queueing.
        const rate = scenario.streaming ? Math.max(1, Math.round(options.rate / 10)) : options.rate;
        const paths = {} as Record<PathName, PathResult>;
        for (const name of pathNames) paths[name] = await measurePath(load, requests[name], options, scenario.streaming, rate, pidOf(name, !!scenario.needsAuth));
        const unbufferedResult =
          scenario.streaming && unbuffered ? await measurePath(load, { ...requests.switchyard, origin: unbuffered.url }, options, true, rate, unbuffered.pid) : undefined;
        results.push({ name: scenario.name, title: scenario.title, streaming: scenario.streaming, rate, paths, ...(unbufferedResult ? { unbuffered: unbufferedResult } : {}) });
        process.stderr.write(`  ${scenario.name} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
      }
      if (endpoints.switchyardAuth && results.some((r) => r.name === 'full-path')) features = await fullPathFeatures(endpoints.switchyardAuth);
      if (options.scenarios.includes('body-curve')) curve = await measureBodyCurve(load, endpoints, options);
      if (options.scenarios.includes('chunk-curve')) chunkCurve = await measureChunkCurve(load, endpoints, options);
    }
    if (options.scenarios.includes('open-streams')) streamResults = await measureOpenStreams(load, upstream, logDir, options);
  } finally {
    stoppedServersCpu.ticks += processCpuTicks(load.pid);
    load.stop();
    for (const server of servers.reverse()) await server.stop();
  }
  // Whatever the machine did beyond our own processes was someone else's work, competing with the paths we measure.
  const elapsedTicks = ((Date.now() - started) / 1000) * 100 * cpus().length;
  const ourTicks = stoppedServersCpu.ticks + processCpuTicks(process.pid) - ownAtStart;
  const othersDuring = Math.max(0, (machineBusyTicks() - busyAtStart - ourTicks) / elapsedTicks);

  const output = [
    `## Results`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z, Switchyard ${sourceVersion()}. ` +
      `Saturation: ${settings.connections} connections for ${settings.seconds} s; fixed rate: ${settings.rate} req/s open loop for ${settings.seconds} s. ` +
      `Load generator, upstream and gateway share the machine; other processes used ${(settings.otherLoad * 100).toFixed(0)}% of the CPUs just before the run ` +
      `and ${(othersDuring * 100).toFixed(0)}% during it${othersDuring > 0.1 ? ' (noisy: rerun on a quiet machine)' : ''}. ` +
      `Wall time ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
    ...results.flatMap((result) => [scenarioTable(result, settings), '']),
    ...(features ? [`Full path, Switchyard features active: ${features}. Portkey: \`x-portkey-metadata\` sent, its default request logging on.`, ''] : []),
    ...(results.length > 0 ? ['### Issue 7 targets (Switchyard)', '', targetsTable(results), ''] : []),
    ...(streamResults.length > 0 ? [`### Memory per open stream (${settings.streams} slow streams, one chunk a second)`, '', openStreamsTable(streamResults), ''] : []),
    ...(curve.length > 0 ? ['### Latency by prompt size (one request at a time, p50)', '', bodyCurveTable(curve), ''] : []),
    ...(chunkCurve.length > 0 ? ['### Stream time by chunk count (one stream at a time, p50)', '', chunkCurveTable(chunkCurve), ''] : []),
    `Logs: ${logDir}`,
  ].join('\n');
  process.stdout.write(`${output}\n`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ settings, results, streamResults, curve, chunkCurve }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
