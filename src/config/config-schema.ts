import { z } from 'zod';
import { billingConfigSchema } from '../billing/billing-config.ts';
import { reliabilityConfigSchema } from '../routing/reliability-config.ts';
import { filesConfigSchema, jobsConfigSchema } from '../jobs/jobs-config.ts';

/** How a custom OpenAI-compatible server differs from OpenAI (`providers/openai/quirks.ts`); unset fields take the defaults. */
const compatibleQuirksSchema = z.strictObject({
  maxTokensField: z.enum(['max_completion_tokens', 'max_tokens']).optional(),
  reasoningEcho: z.enum(['reasoning_content', 'reasoning']).optional(),
  reasoningEffort: z.boolean().optional(),
  streamUsage: z.boolean().optional(),
  topK: z.boolean().optional(),
});

const providerSettingsSchema = z.strictObject({
  /** Declares a provider that is not built in: any server speaking OpenAI Chat Completions at `{baseUrl}/chat/completions`. */
  compatible: z.literal('openai').optional(),
  /** For `compatible` providers only. */
  quirks: compatibleQuirksSchema.optional(),
  /** For `compatible` providers: the name shown in listings (defaults to the id). */
  displayName: z.string().min(1).optional(),
  apiKey: z.string().min(1).optional(),
  baseUrl: z.url().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Provider-specific settings: Azure `apiVersion`, Vertex `project`/`location`, AWS `region`. */
  options: z.record(z.string(), z.string()).optional(),
  /** Set false to turn a provider off even when its credentials are in the environment. */
  enabled: z.boolean().optional(),
});

/** The config file (`switchyard serve --config switchyard.json`). Every field is optional. */
export const configFileSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().optional(),
  adminKey: z.string().min(16).optional(),
  databaseUrl: z.string().optional(),
  redisUrl: z.string().optional(),
  /** Prepended to every Redis key (default `switchyard:`), so several gateways can share one Redis. */
  redisKeyPrefix: z.string().min(1).optional(),
  /** TTL of a live stream's Redis keys, renewed while its instance lives (docs/deploy.md). */
  streamLiveTtlMs: z.number().int().positive().optional(),
  /** How long a SIGTERM/SIGINT waits for in-flight requests and streams, in ms (25 s by default; docs/deploy.md). */
  shutdownDrainMs: z.number().int().min(0).optional(),
  secret: z.string().min(16).optional(),
  /** Without an admin key: log the local user's request and response bodies, redacted (docs/observability.md). */
  logBodies: z.boolean().optional(),
  resumableStreams: z.boolean().optional(),
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: z.number().int().positive().optional(),
  /** How long a finished stream (and an idempotency key) stays replayable, in ms (10 minutes by default). */
  streamRetentionMs: z.number().int().positive().optional(),
  /** Memory for buffered stream frames, in bytes; finished streams beyond it are read back from the database. */
  streamBufferMaxBytes: z.number().int().positive().optional(),
  /** Directory of catalog JSON files (defaults to the bundled `catalog/`). */
  catalogDir: z.string().optional(),
  /** Wallet checks, hold lifetime (docs/billing.md). */
  billing: billingConfigSchema.optional(),
  /** Failover, retries, timeouts and circuit breakers (docs/reliability.md). */
  reliability: reliabilityConfigSchema.optional(),
  /** Files that media runs produce: local folder or S3 bucket, link base and lifetime (docs/media.md). */
  files: filesConfigSchema.optional(),
  /** Media jobs: how often running jobs are polled (docs/media.md). */
  jobs: jobsConfigSchema.optional(),
  /** Signs every webhook (job and low-balance) with one shared secret; otherwise each account gets its own. */
  webhookSecret: z.string().min(1).optional(),
  providers: z.record(z.string(), providerSettingsSchema).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ProviderSettingsInput = z.infer<typeof providerSettingsSchema>;
