import { z } from 'zod';

/**
 * The knobs of failover, retries, timeouts and circuit breakers (docs/reliability.md).
 * Validated once where the gateway starts; everything inward receives the resolved values.
 */
export type ReliabilityConfig = {
  /** Upstream calls per request, over every provider and model (`x-switchyard-max-attempts` may lower or raise it up to `maxAttemptsCap`). */
  maxAttempts: number;
  maxAttemptsCap: number;
  /**
   * Total time to find a provider that answers (the first event of a stream, the whole body
   * otherwise): no attempt starts after it, and each attempt's timeout is cut to what is left.
   */
  deadlineMs: number;
  /** Exponential backoff with full jitter between retries of the same provider. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** The longest `retry-after` the gateway waits out; a provider asking for more is skipped. */
  maxRetryWaitMs: number;
  /** TCP/TLS connect timeout of the upstream client. */
  connectTimeoutMs: number;
  /** Per attempt of a stream: until its first event (`x-switchyard-timeout-ms` overrides). */
  firstByteTimeoutMs: number;
  /**
   * Per attempt of a non-streamed request: until the whole body (`x-switchyard-timeout-ms`
   * overrides). Providers send the headers of a whole answer only once it is generated, so
   * there is no earlier sign of life to wait for.
   */
  responseTimeoutMs: number;
  /** Per attempt: the longest silence between two stream events. */
  idleTimeoutMs: number;
  /** Continue a stream on another provider when one fails part-way (docs/reliability.md). */
  midStreamFailover: boolean;
  breaker: BreakerConfig;
};

export type BreakerConfig = {
  /** Recent calls remembered per provider+model. */
  windowSize: number;
  /** Calls in the window before the error rate may open the breaker. */
  minCalls: number;
  /** Error rate (0..1) over the window that opens the breaker. */
  errorRateThreshold: number;
  /** Consecutive failures that open the breaker whatever the rate. */
  consecutiveFailures: number;
  /** Time an open breaker waits before letting one probe through. */
  coolDownMs: number;
};

export const defaultReliabilityConfig: ReliabilityConfig = {
  maxAttempts: 4,
  maxAttemptsCap: 10,
  deadlineMs: 120_000,
  backoffBaseMs: 200,
  backoffCapMs: 5_000,
  maxRetryWaitMs: 5_000,
  connectTimeoutMs: 10_000,
  firstByteTimeoutMs: 30_000,
  responseTimeoutMs: 120_000,
  idleTimeoutMs: 60_000,
  midStreamFailover: true,
  breaker: { windowSize: 20, minCalls: 10, errorRateThreshold: 0.5, consecutiveFailures: 5, coolDownMs: 30_000 },
};

const ms = z.int().nonnegative();

/** The config file's `reliability` section: every field optional, defaults above. */
export const reliabilityConfigSchema = z.strictObject({
  maxAttempts: z.int().min(1).optional(),
  maxAttemptsCap: z.int().min(1).optional(),
  deadlineMs: ms.optional(),
  backoffBaseMs: ms.optional(),
  backoffCapMs: ms.optional(),
  maxRetryWaitMs: ms.optional(),
  connectTimeoutMs: z.int().positive().optional(),
  firstByteTimeoutMs: z.int().positive().optional(),
  responseTimeoutMs: z.int().positive().optional(),
  idleTimeoutMs: z.int().positive().optional(),
  midStreamFailover: z.boolean().optional(),
  breaker: z
    .strictObject({
      windowSize: z.int().min(1).optional(),
      minCalls: z.int().min(1).optional(),
      errorRateThreshold: z.number().min(0).max(1).optional(),
      consecutiveFailures: z.int().min(1).optional(),
      coolDownMs: ms.optional(),
    })
    .optional(),
});

export type ReliabilityConfigInput = z.infer<typeof reliabilityConfigSchema>;

/** Validates overrides and fills in the defaults; throws a ZodError naming the field. */
export function resolveReliabilityConfig(input: ReliabilityConfigInput = {}): ReliabilityConfig {
  const { breaker, ...rest } = reliabilityConfigSchema.parse(input);
  return { ...defaultReliabilityConfig, ...defined(rest), breaker: { ...defaultReliabilityConfig.breaker, ...defined(breaker ?? {}) } };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
