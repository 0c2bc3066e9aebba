import { timeOrderedId } from '../core/ids.ts';
import type { StreamStore } from '../stores/stream-store.ts';
import type { BufferedFrame, StreamBuffer, StreamBuffers, StreamMeta, StreamStatus } from './stream-buffer.ts';

export type ResumableStreamsOptions = {
  /** Live streams (in memory today). */
  /** `open` finds a stream another instance is producing (Redis); `get` only knows this one's. */
  buffers: StreamBuffers & { sweep?(): void; open?(id: string): Promise<StreamBuffer | undefined> };
  /** Finished streams, replayable after the buffers let them go. */
  store: StreamStore;
  /** How long a stream stays readable after it ends. */
  retentionMs: number;
  now?: () => number;
  log?: (line: string) => void;
};

/** A stream found by id: live in the buffers or replayed from the store. */
export type OpenedStream = {
  meta: StreamMeta;
  /** Now: a live stream's status changes when it ends. */
  status(): StreamStatus;
  readFrom(after: number, signal?: AbortSignal): AsyncIterable<BufferedFrame>;
};

/**
 * Every streaming answer runs through here: a background pump reads the inference to its end
 * into a buffer whatever its readers do, so a client that disconnects neither cancels the
 * inference nor loses it; readers (the original client, reconnects, idempotent retries) follow
 * the buffer. A finished stream is persisted, then readable from the store until it expires.
 */
export class ResumableStreams {
  readonly #options: ResumableStreamsOptions;
  readonly #now: () => number;
  readonly #shutdown = new AbortController();
  readonly #pumps = new Set<Promise<void>>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: ResumableStreamsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), Math.min(Math.max(options.retentionMs, 1000), 60_000));
    this.#sweeper.unref();
  }

  /** Aborted when the gateway shuts down: pass it to inferences whose streams outlive their request. */
  get signal(): AbortSignal {
    return this.#shutdown.signal;
  }

  /** Starts buffering `frames` (complete SSE frames) under a new `str_` id and returns the buffer. */
  start(input: { accountId: string; contentType: string; headers: Record<string, string>; frames: AsyncIterable<string> }): StreamBuffer {
    const meta: StreamMeta = {
      id: timeOrderedId('str_'),
      accountId: input.accountId,
      contentType: input.contentType,
      headers: input.headers,
      createdAt: this.#now(),
    };
    const buffer = this.#options.buffers.create(meta);
    const pump = this.#pump(buffer, input.frames).finally(() => this.#pumps.delete(pump));
    this.#pumps.add(pump);
    return buffer;
  }

  /** The stream with this id, live or stored; undefined when unknown or expired. */
  async open(id: string): Promise<OpenedStream | undefined> {
    const live = (await this.#options.buffers.open?.(id)) ?? this.#options.buffers.get(id);
    if (live) return { meta: live.meta, status: () => live.status(), readFrom: (after, signal) => live.readFrom(after, signal) };
    const stored = await this.#options.store.get(id);
    if (!stored) return undefined;
    return {
      meta: { id: stored.id, accountId: stored.accountId, contentType: stored.contentType, headers: stored.headers, createdAt: stored.createdAt },
      status: () => stored.status,
      readFrom: (after) => replay(stored.frames, after),
    };
  }

  /** Drops expired streams from memory and from the store. */
  sweep(): void {
    this.#options.buffers.sweep?.();
    this.#options.store.deleteExpired().catch((error: unknown) => this.#options.log?.(`stream sweep failed: ${(error as Error).message}`));
  }

  /** Stops every live inference (their streams end as failed) and waits for them to be saved. */
  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#shutdown.abort();
    await Promise.allSettled([...this.#pumps]);
  }

  async #pump(buffer: StreamBuffer, frames: AsyncIterable<string>): Promise<void> {
    let status: 'completed' | 'failed' = 'completed';
    const iterator = frames[Symbol.asyncIterator]();
    const shutdown = this.#shutdown.signal;
    // A stalled upstream must not hold up a shutdown: stop waiting for it and let it go. One
    // waiter at a time is woken by the shutdown (a Promise.race per frame against one shutdown
    // promise left a reaction on it per frame, for the stream's whole life).
    let stopWaiting: (() => void) | undefined;
    const onShutdown = () => stopWaiting?.();
    shutdown.addEventListener('abort', onShutdown, { once: true });
    const nextOrStopped = () =>
      new Promise<IteratorResult<string> | 'stopped'>((resolve, reject) => {
        if (shutdown.aborted) return resolve('stopped');
        stopWaiting = () => resolve('stopped');
        iterator.next().then(resolve, reject);
      });
    try {
      while (true) {
        const next = await nextOrStopped();
        if (next === 'stopped') {
          status = 'failed';
          iterator.return?.().catch(() => {});
          break;
        }
        if (next.done) break;
        buffer.append(next.value);
      }
    } catch (error) {
      // The upstream broke mid-stream: readers get what was sent, then see the stream fail.
      status = 'failed';
      this.#options.log?.(`stream ${buffer.meta.id} failed: ${(error as Error)?.message ?? String(error)}`);
    } finally {
      shutdown.removeEventListener('abort', onShutdown);
    }
    buffer.finish(status);
    const finishedAt = this.#now();
    try {
      await this.#options.store.save({ ...buffer.meta, status, frames: buffer.frames(), finishedAt, expiresAt: finishedAt + this.#options.retentionMs });
      this.#options.buffers.release(buffer.meta.id);
    } catch (error) {
      // Kept in memory (until its retention ends) since the store does not have it.
      this.#options.log?.(`stream ${buffer.meta.id} could not be saved: ${(error as Error).message}`);
    }
  }
}

async function* replay(frames: string[], after: number): AsyncGenerator<BufferedFrame> {
  for (let index = Math.max(0, after); index < frames.length; index++) yield { seq: index + 1, frame: frames[index] };
}
