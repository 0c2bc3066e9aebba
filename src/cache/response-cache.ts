import type { IncomingHttpHeaders } from 'node:http';
import type { ParsedRequest } from '../api/inbound-format.ts';
import type { CachedAnswer, ResponseCacheEntry, ResponseCacheStore } from '../stores/response-cache-store.ts';
import { responseCacheKey } from './cache-key.ts';
import { CACHE_STATUS_HEADER, readCacheHeaders } from './read-cache-headers.ts';
import { sseFrameIsError } from './sse-frame-is-error.ts';

/** What `lookup` found. `headers` go on the response as they are (empty when the client did not opt in). */
export type CacheLookup =
  | { status: 'HIT'; entry: ResponseCacheEntry; headers: Record<string, string> }
  /** Not cached (or skipped): when `key` is set, store the answer under it with `ttlSeconds`. */
  | { status: 'MISS' | 'BYPASS'; key?: string; ttlSeconds?: number; headers: Record<string, string> };

export type ResponseCacheDeps = {
  store: ResponseCacheStore;
  now?: () => number;
  /** Answers bigger than this are not cached (default 4 MiB). */
  maxEntryBytes?: number;
  log?: (line: string) => void;
};

export type ResponseCache = ReturnType<typeof createResponseCache>;

/**
 * Headers of the first answer that must not be replayed with a cached one: they describe that
 * request (its id, its rate-limit counts, a stream id), not the answer.
 */
const perRequestHeaders = /^(x-switchyard-(request-id|cache|idempotent-replay|stream-id|attempts)|x-ratelimit-.*|retry-after|content-length|date)$/i;

/**
 * The exact-match response cache, opt-in per request with `x-switchyard-cache-ttl` and skipped
 * with `x-switchyard-skip-cache: true` (docs/cache.md). Independent of HTTP: the inference
 * handler asks `lookup` before routing and calls `store` with the rendered answer after.
 */
export function createResponseCache(deps: ResponseCacheDeps) {
  const now = deps.now ?? Date.now;
  const maxEntryBytes = deps.maxEntryBytes ?? 4 * 1024 * 1024;

  /**
   * Keeps an answer for `ttlSeconds`. Only successes are kept: a JSON answer with a 2xx status,
   * a stream none of whose frames reports an error. Returns whether it was stored; never throws.
   */
  async function store(key: string, ttlSeconds: number, answer: CachedAnswer): Promise<boolean> {
    const split = key.lastIndexOf(':');
    if (split <= 0) return false;
    const accountId = key.slice(0, split);
    if (answer.kind === 'json' && (answer.status < 200 || answer.status > 299)) return false;
    if (answer.kind === 'stream' && (answer.frames.length === 0 || answer.frames.some(sseFrameIsError))) return false;
    const kept = { ...answer, headers: withoutPerRequestHeaders(answer.headers) };
    const size = kept.kind === 'json' ? Buffer.byteLength(kept.body) : kept.frames.reduce((total, frame) => total + Buffer.byteLength(frame), 0);
    if (size > maxEntryBytes) return false;
    const createdAt = now();
    try {
      await deps.store.set({ key, accountId, answer: kept, createdAt, expiresAt: createdAt + ttlSeconds * 1000 });
      return true;
    } catch (error) {
      deps.log?.(`response cache write failed: ${(error as Error).message}`);
      return false;
    }
  }

  return {
    /**
     * Keeps an answer for `ttlSeconds`. Only successes are kept: a JSON answer with a 2xx status,
     * a stream none of whose frames reports an error. Returns whether it was stored; never throws.
     */
    store,

    /** Reads the cache headers (400 on a bad ttl) and, when the client opted in, the cache. */
    async lookup(input: { accountId: string; formatId: string; request: ParsedRequest; headers: IncomingHttpHeaders; routing?: Record<string, unknown> }): Promise<CacheLookup> {
      const directive = readCacheHeaders(input.headers);
      if (directive.ttlSeconds === undefined) {
        // Not opted in: nothing to report unless the client explicitly skipped.
        return { status: 'BYPASS', headers: directive.skip ? { [CACHE_STATUS_HEADER]: 'BYPASS' } : {} };
      }
      // The account rides in the key (before the last ':') so `store` needs nothing else.
      const key = `${input.accountId}:${responseCacheKey(input)}`;
      if (directive.skip) return { status: 'BYPASS', key, ttlSeconds: directive.ttlSeconds, headers: { [CACHE_STATUS_HEADER]: 'BYPASS' } };
      let entry: ResponseCacheEntry | undefined;
      try {
        entry = await deps.store.get(key);
      } catch (error) {
        // A broken cache must not fail inference: answer fresh.
        deps.log?.(`response cache read failed: ${(error as Error).message}`);
      }
      if (entry && entry.accountId === input.accountId) return { status: 'HIT', entry, headers: { [CACHE_STATUS_HEADER]: 'HIT' } };
      return { status: 'MISS', key, ttlSeconds: directive.ttlSeconds, headers: { [CACHE_STATUS_HEADER]: 'MISS' } };
    },

    /**
     * Passes a stream's rendered frames through unchanged and, when it ends normally, stores them
     * under `key` (in the background; a failed stream is not stored). Wrap the frames before
     * they reach the stream buffer: `streams.start({…, frames: cache.tee(key, ttl, meta, frames)})`.
     */
    tee(key: string, ttlSeconds: number, meta: { contentType: string; headers: Record<string, string> }, frames: AsyncIterable<string>): AsyncIterable<string> {
      return (async function* () {
        const seen: string[] = [];
        for await (const frame of frames) {
          seen.push(frame);
          yield frame;
        }
        void store(key, ttlSeconds, { kind: 'stream', contentType: meta.contentType, headers: meta.headers, frames: seen });
      })();
    },

    /** Deletes expired entries every `intervalMs` without keeping the process alive; returns a stop function. */
    startSweeper(intervalMs: number): () => void {
      const timer = setInterval(() => {
        deps.store.deleteExpired().catch((error: unknown) => deps.log?.(`response cache sweep failed: ${(error as Error).message}`));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** A cached stream's frames, all at once: a hit is replayed as fast as the client reads. */
export async function* replayCachedFrames(answer: Extract<CachedAnswer, { kind: 'stream' }>): AsyncGenerator<string> {
  yield* answer.frames;
}

function withoutPerRequestHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !perRequestHeaders.test(name)));
}
