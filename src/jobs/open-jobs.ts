import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookSender } from '../billing/webhook-sender.ts';
import type { Observability } from '../observability/create-observability.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import type { Catalog } from '../routing/catalog/load-catalog.ts';
import type { UpstreamClient } from '../routing/upstream-client.ts';
import type { LedgerStore } from '../stores/ledger-store.ts';
import { parseDatabaseUrl } from '../stores/open-stores.ts';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { signedFileUrl } from './files/file-links.ts';
import type { FileStore } from './files/file-store.ts';
import { DEFAULT_FILES_DIR, LocalFileStore } from './files/local-file-store.ts';
import { S3FileStore } from './files/s3-file-store.ts';
import { createJobBilling, type JobBilling } from './job-billing.ts';
import { JobRunner } from './job-runner.ts';
import type { JobStore } from './job-store.ts';
import { SqliteJobStore } from './sqlite-job-store.ts';

/** Everything `/v1/run`, `/v1/jobs` and `/v1/files` need, opened once at start-up. */
export type Jobs = {
  store: JobStore;
  files: FileStore;
  runner: JobRunner;
  billing: JobBilling;
  /** Signs and checks file links. */
  linkSecret: string;
  /** A signed link to a file, valid for the configured lifetime. */
  link(fileId: string): string;
  /** The secret an account's job webhooks are signed with. */
  webhookSecret(accountId: string): string;
  /** True when every account shares `SWITCHYARD_WEBHOOK_SECRET` (so it is never echoed to callers). */
  sharedWebhookSecret: boolean;
  close(): Promise<void>;
};

export type OpenJobsInput = {
  databaseUrl?: string;
  /** `SWITCHYARD_SECRET` or the admin key: file links and per-account webhook secrets derive from it. */
  secret?: string;
  ledger: LedgerStore;
  billingEnabled: boolean;
  webhookSecret?: string;
  webhooks: WebhookSender;
  upstream: UpstreamClient;
  providers: Map<string, ProviderSettings>;
  catalog: Catalog;
  observability: Observability;
  /** The gateway's own base URL, for links (known once it listens). */
  baseUrl: () => string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
};

/**
 * Opens the job store (SQLite beside the gateway's database, migration 6), the file store
 * (S3-compatible when `SWITCHYARD_S3_BUCKET` is set, else `SWITCHYARD_FILES_DIR` or
 * `./data/files`; a temporary folder with an in-memory database) and the job runner.
 * Settings: `SWITCHYARD_PUBLIC_URL`, `SWITCHYARD_FILE_LINK_TTL_SECONDS` (3600),
 * `SWITCHYARD_JOB_POLL_MS` (1000).
 */
export function openJobs(input: OpenJobsInput): Jobs {
  const env = input.env ?? process.env;
  const location = parseDatabaseUrl(input.databaseUrl);
  // TODO(lead): a Postgres JobStore; until then jobs on a Postgres gateway live in memory.
  const db = openSqlite(location.kind === 'sqlite' ? location.path : IN_MEMORY);
  if (location.kind === 'postgres') input.log?.('jobs: no PostgreSQL job store yet; jobs are kept in memory and do not survive a restart');
  const store = new SqliteJobStore(db);
  let scratch: string | undefined;
  const files = fileStoreFrom(env, () => {
    scratch ??= mkdtempSync(join(tmpdir(), 'switchyard-files-'));
    return scratch;
  }, location.kind === 'sqlite' && location.path === IN_MEMORY);
  // Without a configured secret, links last as long as the process.
  const root = input.secret ?? randomBytes(32).toString('hex');
  const linkSecret = createHmac('sha256', root).update('switchyard file links').digest('hex');
  const ttlSeconds = Number(env.SWITCHYARD_FILE_LINK_TTL_SECONDS) > 0 ? Number(env.SWITCHYARD_FILE_LINK_TTL_SECONDS) : 3600;
  const publicUrl = env.SWITCHYARD_PUBLIC_URL?.trim();
  const link = (fileId: string) => signedFileUrl(publicUrl || input.baseUrl(), fileId, Math.floor(Date.now() / 1000) + ttlSeconds, linkSecret);
  const webhookSecret = (accountId: string) => input.webhookSecret ?? `whsec_${createHmac('sha256', root).update(`job webhooks ${accountId}`).digest('hex').slice(0, 48)}`;
  const billing = createJobBilling(input.ledger, input.billingEnabled);
  const runner = new JobRunner({
    store,
    files,
    billing,
    upstream: input.upstream,
    providers: input.providers,
    catalog: input.catalog,
    observability: input.observability,
    webhooks: input.webhooks,
    webhookSecret,
    link,
    pollIntervalMs: Number(env.SWITCHYARD_JOB_POLL_MS) > 0 ? Number(env.SWITCHYARD_JOB_POLL_MS) : 1000,
    log: input.log,
  });
  return {
    store,
    files,
    runner,
    billing,
    linkSecret,
    link,
    webhookSecret,
    sharedWebhookSecret: input.webhookSecret !== undefined,
    async close() {
      await runner.close();
      if (db.isOpen) db.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

function fileStoreFrom(env: NodeJS.ProcessEnv, scratchDir: () => string, inMemory: boolean): FileStore {
  const bucket = env.SWITCHYARD_S3_BUCKET?.trim();
  if (bucket) {
    const region = env.SWITCHYARD_S3_REGION ?? env.AWS_REGION ?? 'us-east-1';
    return new S3FileStore({
      bucket,
      region,
      endpoint: env.SWITCHYARD_S3_ENDPOINT ?? `https://s3.${region}.amazonaws.com`,
      accessKeyId: env.SWITCHYARD_S3_ACCESS_KEY_ID ?? env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.SWITCHYARD_S3_SECRET_ACCESS_KEY ?? env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: env.AWS_SESSION_TOKEN,
      prefix: env.SWITCHYARD_S3_PREFIX,
    });
  }
  const dir = env.SWITCHYARD_FILES_DIR?.trim();
  return new LocalFileStore(dir || (inMemory ? scratchDir() : DEFAULT_FILES_DIR));
}
