import { Redis } from 'ioredis';

/** A connection to Redis, as `ioredis` gives it. */
export type RedisClient = Redis;

export type OpenRedisOptions = {
  /** Shown by `CLIENT LIST`, so an operator can tell the gateway's connections apart. */
  name?: string;
  /** Fail at once instead of reconnecting (tests, `switchyard migrate`-style one-shots). */
  noReconnect?: boolean;
  log?: (line: string) => void;
};

/**
 * Connects to `REDIS_URL` (`redis://[:password@]host:port[/db]`, `rediss://` for TLS) and checks
 * it answers, so a wrong URL stops the gateway at start-up rather than at the first request.
 * RESP2 is asked for so replies have the same shapes on every Redis version we support (≥ 6.2).
 * Errors never echo the URL's password.
 */
export async function openRedis(url: string, options: OpenRedisOptions = {}): Promise<RedisClient> {
  const redis = new Redis(url, {
    lazyConnect: true,
    protocol: 2,
    connectionName: options.name,
    ...(options.noReconnect ? { retryStrategy: () => null, maxRetriesPerRequest: 0 } : {}),
  });
  // ioredis reports each failed reconnect as an 'error' event; log them instead of crashing.
  redis.on('error', (error: Error) => options.log?.(`redis ${options.name ?? ''}: ${error.message}`));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Cannot reach Redis at ${redactRedisUrl(url)}: ${(error as Error).message}`);
  }
  return redis;
}

/** The URL with its password replaced, for error messages and logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`);
}
