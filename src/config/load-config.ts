import { readFileSync } from 'node:fs';
import { configFileSchema, type ConfigFile } from './config-schema.ts';
import { findProvider, nonEmpty, providerTable } from '../providers/provider-table.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import { DEFAULT_CATALOG_DIR } from '../routing/catalog/load-catalog.ts';

/** Validated, resolved configuration: everything inward of the CLI sees only this. */
export type GatewayConfig = {
  port: number;
  host: string;
  /** When set, the admin API is on and every agent-facing call needs a gateway key. */
  adminKey?: string;
  databaseUrl?: string;
  bodyLimitBytes: number;
  catalogDir: string;
  /** Providers with credentials, keyed by provider id. */
  providers: Map<string, ProviderSettings>;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const defaultBodyLimit = 32 * 1024 * 1024;

/**
 * Reads the optional config file, then the conventional environment variables. The file wins
 * over the environment for the same setting, and CLI flags (passed as `overrides`) win over both.
 */
export function loadConfig(options: {
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: Partial<Pick<GatewayConfig, 'port' | 'host'>>;
}): GatewayConfig {
  const env = options.env ?? process.env;
  const file = options.configPath ? readConfigFile(options.configPath) : {};
  const adminKey = file.adminKey ?? nonEmpty(env.SWITCHYARD_ADMIN_KEY);
  const port = options.overrides?.port ?? file.port ?? parsePort(env.PORT) ?? 8080;
  // A gateway without an admin key has no authentication: keep it on loopback.
  const host = options.overrides?.host ?? file.host ?? nonEmpty(env.HOST) ?? (adminKey ? '0.0.0.0' : '127.0.0.1');

  const providers = new Map<string, ProviderSettings>();
  for (const id of Object.keys(file.providers ?? {})) {
    if (!findProvider(id)) throw new ConfigError(`Unknown provider '${id}' in config file; known: ${providerTable.map((p) => p.id).join(', ')}.`);
  }
  for (const definition of providerTable) {
    const fromFile = file.providers?.[definition.id];
    if (fromFile?.enabled === false) continue;
    const fromEnv = definition.settingsFromEnv(env);
    const apiKey = fromFile?.apiKey ?? fromEnv?.apiKey;
    // A provider is on when it has credentials: a key, or (Vertex) a token source.
    if (!apiKey && !fromEnv?.bearerToken) continue;
    const baseUrl = fromFile?.baseUrl ?? fromEnv?.baseUrl;
    if (!baseUrl) throw new ConfigError(`Provider '${definition.id}' needs a base URL (providers.${definition.id}.baseUrl).`);
    providers.set(definition.id, {
      ...fromEnv,
      id: definition.id,
      apiKey,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      headers: fromFile?.headers,
      options: { ...fromEnv?.options, ...fromFile?.options },
    });
  }

  return {
    port,
    host,
    adminKey,
    databaseUrl: file.databaseUrl ?? nonEmpty(env.DATABASE_URL),
    bodyLimitBytes: file.bodyLimitBytes ?? parsePositiveInt(env.SWITCHYARD_BODY_LIMIT_BYTES) ?? defaultBodyLimit,
    catalogDir: file.catalogDir ?? DEFAULT_CATALOG_DIR,
    providers,
  };
}

function readConfigFile(path: string): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid config file ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function parsePort(value: string | undefined): number | undefined {
  const port = parsePositiveInt(value);
  if (value !== undefined && value !== '' && (port === undefined || port > 65535)) throw new ConfigError(`PORT must be a port number, got '${value}'.`);
  return port;
}

function parsePositiveInt(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isInteger(number) && number >= 0 ? number : undefined;
}
