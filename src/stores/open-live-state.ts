import type { HealthStore } from '../routing/health-store.ts';
import { InMemoryHealthStore } from '../routing/health-store.ts';
import type { BreakerConfig } from '../routing/reliability-config.ts';
import { IdempotentRequests } from '../streams/idempotent-requests.ts';
import { MemoryStreamBuffers } from '../streams/memory-stream-buffers.ts';
import { RedisStreamBuffers } from '../streams/redis-stream-buffers.ts';
import type { StreamBuffer, StreamBuffers } from '../streams/stream-buffer.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import { MemoryRateLimitStore } from './memory/memory-rate-limit-store.ts';
import type { RateLimitStore } from './rate-limit-store.ts';
import { openRedis } from './redis/open-redis.ts';
import { RedisHealthStore } from './redis/redis-health-store.ts';
import { RedisIdempotencyStore } from './redis/redis-idempotency-store.ts';
import { RedisIdempotentRequests } from './redis/redis-idempotent-requests.ts';
import { RedisRateLimitStore } from './redis/redis-rate-limit-store.ts';
import { RedisResponseCacheStore } from './redis/redis-response-cache-store.ts';
import type { ResponseCacheStore } from './response-cache-store.ts';

/**
 * The state that changes every request and must be shared by every gateway instance behind a
 * load balancer: live streams, in-flight idempotent requests, circuit breakers, rate-limit
 * counters and (with Redis) the response cache. In one process's memory without `REDIS_URL`;
 * in Redis with it.
 */
export type LiveState = {
  kind: 'memory' | 'redis';
  /** `open` finds a stream started on any instance (the in-memory buffers only know their own). */
  buffers: StreamBuffers & { sweep(): void; open(id: string): Promise<StreamBuffer | undefined> };
  health: HealthStore;
  idempotency: Pick<IdempotentRequests, 'begin'>;
  rateLimits: RateLimitStore;
  /** Set with Redis (one cache for every instance); otherwise use the database's (`Stores.responseCache`). */
  responseCache?: ResponseCacheStore;
  /** Resolves when the live state answers (Redis `PING`; always for memory): the readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type OpenLiveStateOptions = {
  /** `redis://…` / `rediss://…`; unset → in memory (a single instance). */
  redisUrl?: string;
  /** Prepended to every Redis key, so several gateways can share one Redis. Default `switchyard:`. */
  keyPrefix?: string;
  breaker: BreakerConfig;
  /** How long a finished stream stays readable. */
  streamRetentionMs: number;
  /** TTL of a live stream's Redis keys, renewed by its writer (RedisStreamBuffers' `liveTtlMs`; 10 minutes by default). */
  streamLiveTtlMs?: number;
  /** Bytes of live streams this instance keeps in memory. */
  streamBufferMaxBytes: number;
  /** How long an idempotency key stays attached to its response. */
  idempotencyRetentionMs: number;
  /** Where finished idempotency records live without Redis (the database's store). */
  idempotencyStore: IdempotencyStore;
  log?: (line: string) => void;
};

/** Opens the live state: in Redis when `redisUrl` is set (checked at once: a wrong URL stops start-up), else in memory. */
export async function openLiveState(options: OpenLiveStateOptions): Promise<LiveState> {
  const { redisUrl, breaker, streamRetentionMs: retentionMs, streamBufferMaxBytes: maxBytes, log } = options;
  if (!redisUrl?.trim()) {
    const buffers = new MemoryStreamBuffers({ maxBytes, retentionMs });
    return {
      kind: 'memory',
      buffers: Object.assign(buffers, { open: async (id: string) => buffers.get(id) }),
      health: new InMemoryHealthStore(breaker),
      idempotency: new IdempotentRequests({ store: options.idempotencyStore, retentionMs: options.idempotencyRetentionMs }),
      rateLimits: new MemoryRateLimitStore(),
      ping: async () => {},
      close: async () => {},
    };
  }
  const redis = await openRedis(redisUrl.trim(), { name: 'switchyard', log });
  const prefix = options.keyPrefix ?? 'switchyard:';
  const buffers = new RedisStreamBuffers({ redis, prefix, retentionMs, maxBytes, log, ...(options.streamLiveTtlMs ? { liveTtlMs: options.streamLiveTtlMs } : {}) });
  return {
    kind: 'redis',
    buffers,
    health: new RedisHealthStore({ redis, prefix, config: breaker }),
    idempotency: new RedisIdempotentRequests({ redis, store: new RedisIdempotencyStore({ redis, prefix }), retentionMs: options.idempotencyRetentionMs }),
    rateLimits: new RedisRateLimitStore({ redis, prefix }),
    responseCache: new RedisResponseCacheStore({ redis, prefix }),
    async ping() {
      await redis.ping();
    },
    async close() {
      await buffers.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
