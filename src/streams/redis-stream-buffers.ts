import { GatewayError } from '../core/errors.ts';
import { BlockingConnections } from '../stores/redis/blocking-connections.ts';
import type { RedisClient } from '../stores/redis/open-redis.ts';
import { END_ENTRY_ID, followStream, metaFields, parseMetaFields, streamKeys } from '../stores/redis/redis-stream-frames.ts';
import { MemoryStreamBuffers } from './memory-stream-buffers.ts';
import type { BufferedFrame, StreamBuffer, StreamBuffers, StreamMeta, StreamStatus } from './stream-buffer.ts';

export type RedisStreamBuffersOptions = {
  /** The shared command connection; blocking reads use connections duplicated from it. */
  redis: RedisClient;
  /** Prepended to every key (`switchyard:`), so several gateways can share one Redis. */
  prefix: string;
  /** How long a finished stream stays readable after it ends (its keys' TTL). */
  retentionMs: number;
  /** The writer instance's own copy of its live streams, as in MemoryStreamBuffers. */
  maxBytes: number;
  /** Frames kept per stream in Redis (`XADD MAXLEN ~`); a reader resuming before them gets a 410. */
  maxFramesPerStream?: number;
  /** TTL of a live stream's keys, renewed while its writer lives: a crashed instance's streams end. */
  liveTtlMs?: number;
  /** Longest single blocking read before a reader checks the stream still exists. */
  blockMs?: number;
  /** Idle blocking connections kept for the next reader. */
  maxIdleReaders?: number;
  log?: (line: string) => void;
};

/**
 * Resumable stream buffers shared through Redis, so a client can resume on any gateway
 * instance behind a load balancer. The instance running the inference keeps its stream in
 * memory too (MemoryStreamBuffers) and serves its own readers from there — the common case, and
 * one that survives a Redis outage — while mirroring every frame to a Redis Stream in order on
 * one connection. `open` finds a stream started anywhere: another instance's stream comes back
 * as a read-only view that follows it with `XREAD BLOCK`.
 */
export class RedisStreamBuffers implements StreamBuffers {
  readonly #redis: RedisClient;
  readonly #options: Required<Omit<RedisStreamBuffersOptions, 'log'>> & Pick<RedisStreamBuffersOptions, 'log'>;
  readonly #memory: MemoryStreamBuffers;
  readonly #writers = new Map<string, RedisWrittenStream>();
  readonly #blocking: BlockingConnections;
  #lastWrite: Promise<unknown> = Promise.resolve();

  constructor(options: RedisStreamBuffersOptions) {
    this.#options = { maxFramesPerStream: 100_000, liveTtlMs: 10 * 60_000, blockMs: 5_000, maxIdleReaders: 4, ...options };
    this.#redis = options.redis;
    this.#memory = new MemoryStreamBuffers({ maxBytes: options.maxBytes, retentionMs: options.retentionMs });
    this.#blocking = new BlockingConnections(options.redis, { maxIdle: this.#options.maxIdleReaders });
  }

  create(meta: StreamMeta): StreamBuffer {
    this.sweep();
    const stream = new RedisWrittenStream(this.#memory.create(meta), streamKeys(this.#options.prefix, meta.id), this.#options, (write) => this.#write(write));
    this.#writers.set(meta.id, stream);
    return stream;
  }

  /** A stream this instance writes and still holds in memory; `open` finds the others. */
  get(id: string): StreamBuffer | undefined {
    if (this.#memory.get(id)) return this.#writers.get(id);
    this.#writers.delete(id);
    return undefined;
  }

  /** The stream with this id, from this instance's memory or from Redis; undefined when unknown or expired. */
  async open(id: string): Promise<StreamBuffer | undefined> {
    const local = this.get(id);
    if (local) return local;
    const keys = streamKeys(this.#options.prefix, id);
    const found = parseMetaFields(await this.#redis.hgetall(keys.meta));
    if (!found) return undefined;
    const last = (await this.#redis.xrevrange(keys.frames, `0-${Number.MAX_SAFE_INTEGER}`, '-', 'COUNT', 1)) as Array<[string, string[]]>;
    const length = last.length > 0 ? Number(last[0][0].slice(2)) : 0;
    return new RedisStreamView(found.meta, found.status, length, (after, signal, ended) =>
      followStream(after, signal, { redis: this.#redis, blocking: this.#blocking, keys, blockMs: this.#options.blockMs, batch: 500, ended }),
    );
  }

  /**
   * The stream is persisted: this instance may drop its memory copy. The Redis copy stays until
   * its retention ends, so other instances can still replay it even when the StreamStore is a
   * per-instance SQLite file.
   */
  release(id: string): void {
    this.#memory.release(id);
    if (!this.#memory.get(id)) this.#writers.delete(id);
  }

  /** Drops memory copies past their retention (Redis expires its own). */
  sweep(): void {
    this.#memory.sweep();
    for (const id of this.#writers.keys()) if (!this.#memory.get(id)) this.#writers.delete(id);
  }

  /** Resolves once every write sent so far has reached Redis. */
  async settled(): Promise<void> {
    await this.#lastWrite;
  }

  /** Waits for pending writes, then closes the blocking readers' connections (not the shared one). */
  async close(): Promise<void> {
    for (const stream of this.#writers.values()) stream.stopHeartbeat();
    await this.settled();
    this.#blocking.close();
  }

  #write(write: Promise<unknown>): void {
    // One connection sends in order, so awaiting the last write awaits them all.
    this.#lastWrite = write.catch((error: unknown) => this.#options.log?.(`redis stream write failed: ${(error as Error).message}`));
  }
}

/** A stream this instance writes: memory first, mirrored to Redis. */
class RedisWrittenStream implements StreamBuffer {
  readonly #local: StreamBuffer;
  readonly #keys: { frames: string; meta: string };
  readonly #options: RedisStreamBuffersOptions & { maxFramesPerStream: number; liveTtlMs: number };
  readonly #write: (write: Promise<unknown>) => void;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(local: StreamBuffer, keys: { frames: string; meta: string }, options: RedisStreamBuffersOptions & { maxFramesPerStream: number; liveTtlMs: number }, write: (write: Promise<unknown>) => void) {
    this.#local = local;
    this.#keys = keys;
    this.#options = options;
    this.#write = write;
    const { redis, liveTtlMs } = options;
    write(redis.multi().del(keys.frames).hset(keys.meta, metaFields(local.meta)).pexpire(keys.meta, liveTtlMs).exec());
    // While the writer lives its keys keep a short TTL, renewed here; if the instance dies they go.
    this.#heartbeat = setInterval(() => this.#write(redis.multi().pexpire(keys.meta, liveTtlMs).pexpire(keys.frames, liveTtlMs).exec()), Math.max(liveTtlMs / 3, 10));
    this.#heartbeat.unref();
  }

  get meta(): StreamMeta {
    return this.#local.meta;
  }

  status(): StreamStatus {
    return this.#local.status();
  }

  length(): number {
    return this.#local.length();
  }

  frames(): string[] {
    return this.#local.frames();
  }

  append(frame: string): number {
    const seq = this.#local.append(frame);
    const { redis, maxFramesPerStream, liveTtlMs } = this.#options;
    const add = redis.xadd(this.#keys.frames, 'MAXLEN', '~', maxFramesPerStream, `0-${seq}`, 'f', frame);
    this.#write(seq === 1 ? Promise.all([add, redis.pexpire(this.#keys.frames, liveTtlMs)]) : add);
    return seq;
  }

  finish(status: Exclude<StreamStatus, 'live'>): void {
    if (this.#local.status() !== 'live') return;
    this.#local.finish(status);
    this.stopHeartbeat();
    const { redis, retentionMs } = this.#options;
    const keys = this.#keys;
    this.#write(
      redis.multi().xadd(keys.frames, END_ENTRY_ID, 'end', status).hset(keys.meta, 'status', status).pexpire(keys.frames, retentionMs).pexpire(keys.meta, retentionMs).exec(),
    );
  }

  readFrom(after: number, signal?: AbortSignal): AsyncIterable<BufferedFrame> {
    return this.#local.readFrom(after, signal);
  }

  stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
  }
}

type Follow = (after: number, signal: AbortSignal | undefined, ended: (status: Exclude<StreamStatus, 'live'>) => void) => AsyncIterable<BufferedFrame>;

/** Another instance's stream, read from Redis: readers follow it; only its writer changes it. */
class RedisStreamView implements StreamBuffer {
  readonly meta: StreamMeta;
  #status: StreamStatus;
  #length: number;
  readonly #follow: Follow;

  constructor(meta: StreamMeta, status: StreamStatus, length: number, follow: Follow) {
    this.meta = meta;
    this.#status = status;
    this.#length = length;
    this.#follow = follow;
  }

  /** As of opening, then as the readers of this view see the end. */
  status(): StreamStatus {
    return this.#status;
  }

  length(): number {
    return this.#length;
  }

  append(): number {
    throw readOnly(this.meta.id);
  }

  finish(): void {
    throw readOnly(this.meta.id);
  }

  frames(): string[] {
    throw readOnly(this.meta.id);
  }

  async *readFrom(after: number, signal?: AbortSignal): AsyncGenerator<BufferedFrame> {
    for await (const item of this.#follow(after, signal, (status) => (this.#status = status))) {
      this.#length = Math.max(this.#length, item.seq);
      yield item;
    }
  }
}

function readOnly(id: string): GatewayError {
  return GatewayError.internal(`Stream ${id} is written by another gateway instance; this one can only read it.`);
}
