import { z } from 'zod';

const providerSettingsSchema = z.strictObject({
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
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: z.number().int().positive().optional(),
  /** Directory of catalog JSON files (defaults to the bundled `catalog/`). */
  catalogDir: z.string().optional(),
  providers: z.record(z.string(), providerSettingsSchema).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ProviderSettingsInput = z.infer<typeof providerSettingsSchema>;
