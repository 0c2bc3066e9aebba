import { startEmulator, emulatorEnv } from '../../src/emulator/index.ts';
import { startGateway, type RunningGateway } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { ReliabilityConfigInput } from '../../src/routing/reliability-config.ts';

export type Stack = {
  gateway: RunningGateway;
  emulatorUrl: string;
  /** Calls the emulator's control API (`/_emulator/...`). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
};

/**
 * A real gateway wired to a real emulator, both on free loopback ports, with an in-memory
 * database: what `npm run demo` starts, for tests.
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
  const env = {
    ...emulatorEnv(emulator.url),
    OPENAI_API_KEY: 'sk-emulated',
    ANTHROPIC_API_KEY: 'sk-ant-emulated',
    GEMINI_API_KEY: 'gemini-emulated',
    AWS_ACCESS_KEY_ID: 'AKIDEMULATED',
    AWS_SECRET_ACCESS_KEY: 'emulated-secret',
    AWS_REGION: 'us-east-1',
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
    },
  };
}
