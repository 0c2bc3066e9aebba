import { readFileSync } from 'node:fs';
import { configFileSchema, type ConfigFile } from './config-schema.ts';
import { findProvider, nonEmpty, providerTable, type ProviderDefinition } from '../providers/provider-table.ts';
import { customCompatibleProvider, keylessProviderIds } from '../providers/openai-compatible/index.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import type { BillingConfigInput } from '../billing/billing-config.ts';
import type { ReliabilityConfigInput } from '../routing/reliability-config.ts';
import { DEFAULT_CATALOG_DIR } from '../routing/catalog/load-catalog.ts';
import { DEFAULT_FILE_LINK_TTL_SECONDS, DEFAULT_JOB_POLL_MS, type FilesSettings, type JobsSettings, type S3Settings } from '../jobs/jobs-config.ts';

/** Validated, resolved configuration: everything inward of the CLI sees only this. */
export type GatewayConfig = {
  billing?: BillingConfigInput;
  /** Redis for live state shared by several instances (`REDIS_URL`); in-process when unset. */
  redisUrl?: string;
  /** Prepended to every Redis key (`SWITCHYARD_REDIS_KEY_PREFIX`, default `switchyard:`): several gateways on one Redis. */
  redisKeyPrefix?: string;
  /** TTL of a live stream's Redis keys, renewed by its writer; readers elsewhere see a dead writer's stream fail after it (`SWITCHYARD_STREAM_LIVE_TTL_MS`). */
  streamLiveTtlMs?: number;
  /** On SIGTERM/SIGINT: how long in-flight requests and streams get to finish before the process stops (`SWITCHYARD_SHUTDOWN_DRAIN_MS`). */
  shutdownDrainMs: number;
  /** Seals accounts' own provider keys at rest (`SWITCHYARD_SECRET`). */
  secret?: string;
  reliability?: ReliabilityConfigInput;
  port: number;
  host: string;
  /** When set, the admin API is on and every agent-facing call needs a gateway key. */
  adminKey?: string;
  databaseUrl?: string;
  bodyLimitBytes: number;
  /** How long finished streams and idempotency keys are kept, in ms. */
  streamRetentionMs: number;
  /** Bound on frames held in memory across streams, in bytes (live streams are never dropped). */
  streamBufferMaxBytes: number;
  /**
   * Streams buffered under an id, readable again after a disconnect (default). Off
   * (`SWITCHYARD_RESUMABLE_STREAMS=false`): frames go straight to the client, a client that leaves
   * stops the upstream request, and `Idempotency-Key` is refused on streamed requests.
   */
  resumableStreams: boolean;
  catalogDir: string;
  /** Providers with credentials, keyed by provider id. */
  providers: Map<string, ProviderSettings>;
  /** Providers declared in the config file with `"compatible": "openai"`, beside the built-in table. */
  customProviders: ProviderDefinition[];
  /** Where media runs' files are kept and how links to them are signed (`SWITCHYARD_FILES_DIR`, `SWITCHYARD_S3_*`, `SWITCHYARD_PUBLIC_URL`, `SWITCHYARD_FILE_LINK_TTL_SECONDS`). */
  files: FilesSettings;
  /** Media jobs (`SWITCHYARD_JOB_POLL_MS`). */
  jobs: JobsSettings;
  /** One secret signing every webhook, job and low-balance alike (`SWITCHYARD_WEBHOOK_SECRET`); per-account secrets when unset. */
  webhookSecret?: string;
  /** Without an admin key: keep the local user's request and response bodies, redacted (`SWITCHYARD_LOG_BODIES=true`). With one, keys opt in one by one. */
  logBodies: boolean;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const defaultBodyLimit = 32 * 1024 * 1024;
const defaultStreamRetention = 10 * 60 * 1000;
const defaultStreamBufferMax = 256 * 1024 * 1024;
// Under Kubernetes' default 30 s grace period, leaving time to flush logs and settlements.
const defaultShutdownDrain = 25_000;

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
  const customProviders = readCustomProviders(file);
  const keyless = new Set([...keylessProviderIds, ...customProviders.map((p) => p.id)]);
  for (const definition of [...providerTable, ...customProviders]) {
    const fromFile = file.providers?.[definition.id];
    if (fromFile?.enabled === false) continue;
    const fromEnv = definition.settingsFromEnv(env);
    const apiKey = fromFile?.apiKey ?? fromEnv?.apiKey;
    // A provider is on when its environment configures it (a key, AWS credentials, a Vertex
    // token source, a local server's base URL), or the config file gives a key or names a
    // keyless server.
    if (!fromEnv && !apiKey && !(keyless.has(definition.id) && fromFile)) continue;
    const baseUrl = fromFile?.baseUrl ?? fromEnv?.baseUrl;
    if (!baseUrl) throw new ConfigError(`Provider '${definition.id}' needs a base URL (providers.${definition.id}.baseUrl).`);
    const headers = { ...fromEnv?.headers, ...fromFile?.headers };
    providers.set(definition.id, {
      ...fromEnv,
      id: definition.id,
      apiKey,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      headers: Object.keys(headers).length > 0 ? headers : undefined,
      options: { ...fromEnv?.options, ...fromFile?.options },
    });
  }

  return {
    billing: file.billing,
    redisUrl: file.redisUrl ?? nonEmpty(env.REDIS_URL),
    redisKeyPrefix: file.redisKeyPrefix ?? nonEmpty(env.SWITCHYARD_REDIS_KEY_PREFIX),
    streamLiveTtlMs: file.streamLiveTtlMs ?? parsePositiveInt(env.SWITCHYARD_STREAM_LIVE_TTL_MS),
    shutdownDrainMs: file.shutdownDrainMs ?? parsePositiveInt(env.SWITCHYARD_SHUTDOWN_DRAIN_MS) ?? defaultShutdownDrain,
    secret: file.secret ?? nonEmpty(env.SWITCHYARD_SECRET),
    reliability: file.reliability,
    port,
    host,
    adminKey,
    databaseUrl: file.databaseUrl ?? nonEmpty(env.DATABASE_URL),
    bodyLimitBytes: file.bodyLimitBytes ?? parsePositiveInt(env.SWITCHYARD_BODY_LIMIT_BYTES) ?? defaultBodyLimit,
    streamRetentionMs: file.streamRetentionMs ?? parsePositiveInt(env.SWITCHYARD_STREAM_RETENTION_MS) ?? defaultStreamRetention,
    streamBufferMaxBytes: file.streamBufferMaxBytes ?? parsePositiveInt(env.SWITCHYARD_STREAM_BUFFER_MAX_BYTES) ?? defaultStreamBufferMax,
    catalogDir: file.catalogDir ?? DEFAULT_CATALOG_DIR,
    providers,
    customProviders,
    files: resolveFiles(file, env),
    jobs: { pollIntervalMs: file.jobs?.pollIntervalMs ?? positiveSetting(env, 'SWITCHYARD_JOB_POLL_MS') ?? DEFAULT_JOB_POLL_MS },
    webhookSecret: file.webhookSecret ?? nonEmpty(env.SWITCHYARD_WEBHOOK_SECRET),
    logBodies: file.logBodies ?? booleanSetting(env, 'SWITCHYARD_LOG_BODIES') ?? false,
    resumableStreams: file.resumableStreams ?? booleanSetting(env, 'SWITCHYARD_RESUMABLE_STREAMS') ?? true,
  };
}

/** The `files` section over the environment; the bucket's region and credentials fall back to the usual AWS variables. */
function resolveFiles(file: ConfigFile, env: NodeJS.ProcessEnv): FilesSettings {
  const publicUrl = file.files?.publicUrl ?? nonEmpty(env.SWITCHYARD_PUBLIC_URL);
  if (publicUrl !== undefined && !/^https?:\/\/[^/]/.test(publicUrl)) throw new ConfigError(`SWITCHYARD_PUBLIC_URL must be an http(s) URL, got '${publicUrl}'.`);
  const fromFile = file.files?.s3;
  const bucket = fromFile?.bucket ?? nonEmpty(env.SWITCHYARD_S3_BUCKET);
  let s3: S3Settings | undefined;
  if (bucket) {
    const region = fromFile?.region ?? nonEmpty(env.SWITCHYARD_S3_REGION) ?? nonEmpty(env.AWS_REGION) ?? 'us-east-1';
    const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
    const prefix = fromFile?.prefix ?? nonEmpty(env.SWITCHYARD_S3_PREFIX);
    s3 = {
      bucket,
      region,
      endpoint: fromFile?.endpoint ?? nonEmpty(env.SWITCHYARD_S3_ENDPOINT) ?? `https://s3.${region}.amazonaws.com`,
      accessKeyId: fromFile?.accessKeyId ?? env.SWITCHYARD_S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: fromFile?.secretAccessKey ?? env.SWITCHYARD_S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY ?? '',
      ...(sessionToken ? { sessionToken } : {}),
      ...(prefix ? { prefix } : {}),
    };
  }
  const dir = file.files?.dir ?? nonEmpty(env.SWITCHYARD_FILES_DIR);
  return {
    ...(dir ? { dir } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    linkTtlSeconds: file.files?.linkTtlSeconds ?? positiveSetting(env, 'SWITCHYARD_FILE_LINK_TTL_SECONDS') ?? DEFAULT_FILE_LINK_TTL_SECONDS,
    ...(s3 ? { s3 } : {}),
  };
}

/** A whole number above zero from the environment, undefined when unset; a ConfigError naming the variable otherwise. */
function booleanSetting(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false, got '${env[name]}'.`);
}

function positiveSetting(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new ConfigError(`${name} must be a whole number above 0, got '${value}'.`);
  return number;
}

/**
 * Provider rows for the config file's `"compatible": "openai"` entries. Any other entry must
 * name a built-in provider, and a built-in one cannot be redeclared.
 */
function readCustomProviders(file: ConfigFile): ProviderDefinition[] {
  const custom: ProviderDefinition[] = [];
  for (const [id, entry] of Object.entries(file.providers ?? {})) {
    const builtIn = findProvider(id);
    if (entry.compatible === 'openai') {
      if (builtIn) throw new ConfigError(`Provider '${id}' is built in; choose another id for a custom OpenAI-compatible provider.`);
      if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new ConfigError(`Custom provider id '${id}' must be lower-case letters, digits and dashes.`);
      if (!entry.baseUrl) throw new ConfigError(`Custom provider '${id}' needs a base URL (providers.${id}.baseUrl).`);
      custom.push(customCompatibleProvider(id, stripUndefined(entry.quirks ?? {}), entry.displayName));
      continue;
    }
    if (!builtIn) {
      throw new ConfigError(
        `Unknown provider '${id}' in config file; known: ${providerTable.map((p) => p.id).join(', ')} (or declare your own with "compatible": "openai").`,
      );
    }
    if (entry.quirks || entry.displayName) throw new ConfigError(`providers.${id}: quirks and displayName are for "compatible": "openai" providers only.`);
  }
  return custom;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
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
