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
import { IN_MEMORY } from '../stores/sqlite/open-sqlite.ts';
import { signedFileUrl } from './files/file-links.ts';
import type { FileStore } from './files/file-store.ts';
import { DEFAULT_FILES_DIR, LocalFileStore } from './files/local-file-store.ts';
import { S3FileStore } from './files/s3-file-store.ts';
import { createJobBilling, type JobBilling } from './job-billing.ts';
import { JobRunner } from './job-runner.ts';
import type { JobStore } from './job-store.ts';
import type { FilesSettings, JobsSettings } from './jobs-config.ts';

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
  /** The job store, opened with the other stores on the gateway's database (`stores.jobs`). */
  store: JobStore;
  /** `files` and `jobs` from the validated config. */
  files: FilesSettings;
  jobs: JobsSettings;
  /** The gateway's database: with an in-memory one, files default to a temporary folder that goes with the process. */
  databaseUrl?: string;
  /** `SWITCHYARD_SECRET` or the admin key: file links and per-account webhook secrets derive from it. */
  secret?: string;
  ledger: LedgerStore;
  billingEnabled: boolean;
  /** One secret for every account's job webhooks (`SWITCHYARD_WEBHOOK_SECRET`). */
  webhookSecret?: string;
  webhooks: WebhookSender;
  upstream: UpstreamClient;
  providers: Map<string, ProviderSettings>;
  catalog: Catalog;
  observability: Observability;
  /** The gateway's own base URL, for links (known once it listens). */
  baseUrl: () => string;
  log?: (line: string) => void;
};

/**
 * Wires jobs from the config: the file store (S3-compatible when `files.s3` is set, else
 * `files.dir` or `./data/files`; a temporary folder with an in-memory database), signed file
 * links, webhook secrets and the job runner. The job store comes from `stores.jobs`, so jobs
 * live in the gateway's own database, SQLite or PostgreSQL, and survive a restart on either.
 */
export function openJobs(input: OpenJobsInput): Jobs {
  const { store } = input;
  let scratch: string | undefined;
  const files = fileStoreFrom(input.files, () => {
    scratch ??= mkdtempSync(join(tmpdir(), 'switchyard-files-'));
    return scratch;
  }, isInMemory(input.databaseUrl));
  // Without a configured secret, links last as long as the process.
  const root = input.secret ?? randomBytes(32).toString('hex');
  const linkSecret = createHmac('sha256', root).update('switchyard file links').digest('hex');
  const link = (fileId: string) => signedFileUrl(input.files.publicUrl ?? input.baseUrl(), fileId, Math.floor(Date.now() / 1000) + input.files.linkTtlSeconds, linkSecret);
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
    pollIntervalMs: input.jobs.pollIntervalMs,
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
      // The store's connection belongs to `stores` and is closed with them.
      await runner.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

function fileStoreFrom(settings: FilesSettings, scratchDir: () => string, inMemory: boolean): FileStore {
  if (settings.s3) return new S3FileStore(settings.s3);
  return new LocalFileStore(settings.dir ?? (inMemory ? scratchDir() : DEFAULT_FILES_DIR));
}

function isInMemory(databaseUrl: string | undefined): boolean {
  const location = parseDatabaseUrl(databaseUrl);
  return location.kind === 'sqlite' && location.path === IN_MEMORY;
}
