import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config/load-config.ts';
import { startGateway } from '../app.ts';
import { migrateDatabase } from '../stores/open-stores.ts';
import { startEmulator, emulatorEnv } from '../emulator/index.ts';

const usage = `Usage:
  switchyard serve   [--port N] [--host H] [--config FILE]   run the gateway (PORT env too)
  switchyard emulate [--port N] [--host H]                   run the provider emulator
  switchyard demo    [--port N]                              the gateway wired to a built-in emulator
  switchyard migrate [--config FILE]                         apply pending database migrations (DATABASE_URL)
`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help) return void process.stdout.write(usage);
  const port = values.port === undefined ? undefined : parsePort(values.port);

  switch (command) {
    case 'serve': {
      const config = loadConfig({ configPath: values.config, overrides: { port, host: values.host } });
      const gateway = await startGateway(config, { log: (line) => console.error(line) });
      console.log(`Switchyard listening on ${gateway.url}`);
      console.log(`Providers: ${[...config.providers.keys()].join(', ') || 'none configured (set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY)'}`);
      if (!config.adminKey) console.log('No SWITCHYARD_ADMIN_KEY: single local user, no authentication, loopback only.');
      stopOnSignal(async (signal) => {
        // Drain (readiness 503, no new connections, in-flight work finishes), then flush and exit.
        console.error(`${signal}: draining for up to ${config.shutdownDrainMs} ms (again to stop at once)`);
        const report = await gateway.drain();
        console.error(`drained in ${report.ms} ms${report.drained ? '' : ` (timed out, ${report.leftInFlight} requests cut)`}; ${report.handedOver} stream readers handed over`);
        await gateway.close();
      });
      return;
    }
    case 'emulate': {
      const emulator = await startEmulator({ port: port ?? 4010, host: values.host ?? '127.0.0.1' });
      console.log(`Switchyard provider emulator on ${emulator.url}`);
      for (const [name, value] of Object.entries(emulatorEnv(emulator.url))) console.log(`${name}=${value}`);
      stopOnSignal(() => emulator.close());
      return;
    }
    case 'demo': {
      // The emulator on a free port, and the gateway pointed at it with demo keys.
      const emulator = await startEmulator({ port: 0 });
      const env = { ...process.env, ...emulatorEnv(emulator.url), OPENAI_API_KEY: 'demo', ANTHROPIC_API_KEY: 'demo', GEMINI_API_KEY: 'demo', REPLICATE_API_TOKEN: 'demo' };
      const config = loadConfig({ configPath: values.config, env, overrides: { port, host: values.host } });
      const gateway = await startGateway(config, { log: (line) => console.error(line) });
      console.log(`Switchyard demo: gateway on ${gateway.url}, emulated providers on ${emulator.url}`);
      console.log(`Try: curl ${gateway.url}/v1/chat/completions -H 'content-type: application/json' -d '{"model":"anthropic/claude-sonnet-4-5","messages":[{"role":"user","content":"Hello"}]}'`);
      stopOnSignal(async () => {
        await gateway.close();
        await emulator.close();
      });
      return;
    }
    case 'migrate': {
      const config = loadConfig({ configPath: values.config });
      const { kind, applied } = await migrateDatabase(config.databaseUrl);
      console.log(applied.length > 0 ? `Applied ${kind} migrations: ${applied.join(', ')}.` : `The ${kind} database is up to date.`);
      return;
    }
    default:
      process.stderr.write(`Unknown command '${command}'.\n${usage}`);
      process.exitCode = 2;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be a port number, got '${value}'.`);
  return port;
}

/** Stops on the first SIGINT/SIGTERM; a second one (Ctrl-C twice) stops at once. */
function stopOnSignal(stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
