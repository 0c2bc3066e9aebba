import { z } from 'zod';

/** The config file's `files` section: where produced files are kept and how links to them look. */
export const filesConfigSchema = z.strictObject({
  /** Folder for files on local disk (`SWITCHYARD_FILES_DIR`; default `./data/files`, a temporary folder with an in-memory database). */
  dir: z.string().min(1).optional(),
  /** Base of file links when the gateway sits behind a proxy (`SWITCHYARD_PUBLIC_URL`; default the listening address). */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a file link stays valid, in seconds (`SWITCHYARD_FILE_LINK_TTL_SECONDS`, 3600). */
  linkTtlSeconds: z.number().int().positive().optional(),
  /** An S3-compatible bucket instead of local disk (`SWITCHYARD_S3_*`). */
  s3: z
    .strictObject({
      bucket: z.string().min(1),
      region: z.string().min(1).optional(),
      endpoint: z.url().optional(),
      accessKeyId: z.string().optional(),
      secretAccessKey: z.string().optional(),
      prefix: z.string().optional(),
    })
    .optional(),
});

/** The config file's `jobs` section. */
export const jobsConfigSchema = z.strictObject({
  /** How often running jobs are polled upstream, in ms (`SWITCHYARD_JOB_POLL_MS`, 1000). */
  pollIntervalMs: z.number().int().positive().optional(),
});

export type FilesConfigInput = z.infer<typeof filesConfigSchema>;
export type JobsConfigInput = z.infer<typeof jobsConfigSchema>;

/** An S3-compatible bucket, resolved: region, endpoint and credentials filled in. */
export type S3Settings = {
  bucket: string;
  region: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  prefix?: string;
};

/** File settings, resolved. */
export type FilesSettings = {
  /** Undefined: `./data/files`, or a temporary folder when the database is in memory. */
  dir?: string;
  publicUrl?: string;
  linkTtlSeconds: number;
  s3?: S3Settings;
};

/** Job settings, resolved. */
export type JobsSettings = {
  pollIntervalMs: number;
};

export const DEFAULT_FILE_LINK_TTL_SECONDS = 3600;
export const DEFAULT_JOB_POLL_MS = 1000;
