import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, emulatorEnv, type Emulator } from '../../src/emulator/index.ts';
import { emulatedCompatibleProviders } from '../../src/emulator/compatible-routes.ts';
import { createTestServiceAccount } from '../../src/emulator/test-service-account.ts';
import { startGateway, type RunningGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { ReliabilityConfigInput } from '../../src/routing/reliability-config.ts';

export type Stack = {
  gateway: RunningGateway;
  emulatorUrl: string;
  /** The emulator's in-process handle (request log, faults, OAuth token count). */
  emulator: Emulator;
  /** Calls the emulator's control API (`/_emulator/...`). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
};

/** The Vertex project and location the stack's gateway uses. */
export const stackVertexProject = 'switchyard-test';
export const stackVertexLocation = 'us-east5';

/**
 * Credentials for every provider, all pointing at the emulator: API keys, AWS keys, an Azure
 * key, and for Vertex a freshly generated service account whose key file names the emulator's
 * token endpoint (its public key is registered, so the gateway's JWT signatures are checked).
 */
function providerEnv(emulator: Emulator, dir: string): Record<string, string> {
  const { key, publicKeyPem } = createTestServiceAccount(`${emulator.url}/google-oauth/token`, stackVertexProject);
  emulator.trustServiceAccount(key.client_email, publicKeyPem);
  const keyFile = join(dir, 'service-account.json');
  writeFileSync(keyFile, JSON.stringify(key, null, 2), { mode: 0o600 });
  const compatibleKeys = Object.fromEntries(
    emulatedCompatibleProviders.filter((row) => !('keyless' in row)).map((row) => [`${row.envPrefix}_API_KEY`, `${row.id}-emulated`]),
  );
  return {
    ...emulatorEnv(emulator.url),
    OPENAI_API_KEY: 'sk-emulated',
    ANTHROPIC_API_KEY: 'sk-ant-emulated',
    GEMINI_API_KEY: 'gemini-emulated',
    AWS_ACCESS_KEY_ID: 'AKIDEMULATED',
    AWS_SECRET_ACCESS_KEY: 'emulated-secret',
    AWS_REGION: 'us-east-1',
    VERTEX_PROJECT: stackVertexProject,
    VERTEX_LOCATION: stackVertexLocation,
    GOOGLE_APPLICATION_CREDENTIALS: keyFile,
    AZURE_OPENAI_API_KEY: 'azure-emulated',
    ...compatibleKeys,
  };
}

/**
 * A real gateway wired to a real emulator, both on free loopback ports, with an in-memory
 * database: what `npm run demo` starts, for tests. Every provider family is configured
 * against the emulator (`providerEnv`); `options.env` overrides any of it.
 */
export async function startStack(
  options: {
    adminKey?: string;
    env?: Record<string, string>;
    /** A catalog directory of the test's own, instead of the bundled `catalog/`. */
    catalogDir?: string;
    /** Failover, timeout and breaker settings (src/routing/reliability-config.ts). */
    reliability?: ReliabilityConfigInput;
  } = {},
): Promise<Stack> {
  const emulator = await startEmulator({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-stack-'));
  const env = {
    ...providerEnv(emulator, dir),
    DATABASE_URL: ':memory:',
    ...(options.adminKey ? { SWITCHYARD_ADMIN_KEY: options.adminKey } : {}),
    ...options.env,
  };
  const config = loadConfig({ env, overrides: { port: 0, host: '127.0.0.1' } });
  if (options.catalogDir) config.catalogDir = options.catalogDir;
  const gateway = await startGateway(config, { reliability: options.reliability });
  return {
    gateway,
    emulatorUrl: emulator.url,
    emulator,
    async control(method, path, body) {
      const response = await fetch(`${emulator.url}/_emulator/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return text ? JSON.parse(text) : undefined;
    },
    async close() {
      await gateway.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
