import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { once } from 'node:events';
import { processCpuTicks } from './machine-load.ts';

/** A server the bench started in its own process. */
export type ServerProcess = { name: string; pid: number; url: string; stop(): Promise<void> };

/** CPU ticks used by bench-started servers that have been stopped, to tell our load from other processes'. */
export const stoppedServersCpu = { ticks: 0 };

const repoRoot = new URL('..', import.meta.url).pathname;

/** The pinned Node 24 the bench itself runs on (`npm run bench` puts node_modules/.bin first on PATH). */
const node = process.execPath;

/** The fast upstream (bench/fast-upstream.ts) in a child process. */
export async function startUpstreamProcess(options: { logDir: string; slowChunkDelayMs: number; streamChunks: number }): Promise<ServerProcess> {
  const child = spawnLogged('upstream', [join(repoRoot, 'bench/fast-upstream.ts'), '--chunks', String(options.streamChunks), '--slow-delay', String(options.slowChunkDelayMs)], {
    logDir: options.logDir,
    env: process.env,
  });
  const line = await firstLineMatching(child, /^\{"url":"([^"]+)"\}/);
  return handle('upstream', child, line[1]);
}

/** The bare Node proxy (bench/node-floor-proxy.ts) in front of the upstream, in a child process. */
export async function startFloorProcess(options: { logDir: string; upstreamUrl: string }): Promise<ServerProcess> {
  const child = spawnLogged('floor', [join(repoRoot, 'bench/node-floor-proxy.ts'), '--upstream', options.upstreamUrl], { logDir: options.logDir, env: process.env });
  const line = await firstLineMatching(child, /^\{"url":"([^"]+)"\}/);
  return handle('floor', child, line[1]);
}

/**
 * Switchyard as `node src/cli/main.ts serve`, configured only through the environment, pointed
 * at the upstream, on a temporary SQLite file. With `adminKey`, authentication is on.
 */
export async function startSwitchyardProcess(options: {
  name: string;
  upstreamUrl: string;
  logDir: string;
  databasePath: string;
  adminKey?: string;
  nodeFlags?: string[];
  /** More settings, e.g. `SWITCHYARD_RESUMABLE_STREAMS=false`. */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: `${options.upstreamUrl}/openai/v1`,
    ANTHROPIC_API_KEY: 'sk-ant-bench',
    ANTHROPIC_BASE_URL: `${options.upstreamUrl}/anthropic`,
    DATABASE_URL: options.databasePath,
    ...(options.adminKey ? { SWITCHYARD_ADMIN_KEY: options.adminKey } : {}),
    ...options.env,
  };
  const args = [...(options.nodeFlags ?? []), join(repoRoot, 'src/cli/main.ts'), 'serve', '--port', '0', '--host', '127.0.0.1'];
  const child = spawnLogged(options.name, args, { logDir: options.logDir, env, cwd: repoRoot });
  const line = await firstLineMatching(child, /Switchyard listening on (\S+)/);
  return handle(options.name, child, line[1]);
}

/**
 * Portkey's open-source gateway (`@portkey-ai/gateway` build/start-server.js) on the same Node,
 * headless, in production mode (no UI, no log stream). It listens on the port we give it and
 * reaches only the custom host each request names (the upstream on 127.0.0.1).
 */
export async function startPortkeyProcess(options: { logDir: string }): Promise<ServerProcess> {
  const port = await freePort();
  const entry = join(repoRoot, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  const shim = join(repoRoot, 'bench/portkey-fetch-shim.ts');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
  const child = spawnLogged('portkey', ['--import', shim, entry, `--port=${port}`, '--headless'], { logDir: options.logDir, env, cwd: repoRoot });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Portkey exited with ${child.exitCode}; see ${options.logDir}/portkey.log`);
    const ready = await fetch(url).then((response) => response.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('Portkey did not start within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return handle('portkey', child, url);
}

function spawnLogged(name: string, args: string[], options: { logDir: string; env: NodeJS.ProcessEnv; cwd?: string }): ChildProcess {
  // stderr goes straight to a file, as a deployment's logs would; stdout is read for the
  // listening line and then drained, so a chatty server never blocks on a full pipe.
  const log = openSync(join(options.logDir, `${name}.log`), 'a');
  const child = spawn(node, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', log] });
  closeSync(log);
  child.stdout!.setEncoding('utf8');
  return child;
}

async function firstLineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  let buffered = '';
  return new Promise((resolve, reject) => {
    const onData = (text: string) => {
      buffered += text;
      for (const line of buffered.split('\n')) {
        const match = pattern.exec(line);
        if (match) {
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          return resolve(match);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before it was ready: ${buffered}`)));
  });
}

function handle(name: string, child: ChildProcess, url: string): ServerProcess {
  return {
    name,
    pid: child.pid!,
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stoppedServersCpu.ticks += processCpuTicks(child.pid!);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
