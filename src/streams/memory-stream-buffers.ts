import type { BufferedFrame, StreamBuffer, StreamBuffers, StreamMeta, StreamStatus } from './stream-buffer.ts';

export type MemoryStreamBuffersOptions = {
  /** Frames held in memory across all streams, in bytes; over it, the oldest released streams go first. */
  maxBytes: number;
  /** How long a finished stream stays after it ends. */
  retentionMs: number;
  now?: () => number;
};

/**
 * Live streams in this process's memory, bounded: when the frames held exceed `maxBytes`, finished
 * streams that were released (persisted) are dropped oldest-finished first. Live streams and
 * finished ones not yet persisted are never dropped, so the bound can be exceeded by them alone.
 */
export class MemoryStreamBuffers implements StreamBuffers {
  readonly #streams = new Map<string, MemoryStreamBuffer>();
  /** Released streams in the order they finished: the eviction order. */
  readonly #released = new Set<string>();
  readonly #options: Required<MemoryStreamBuffersOptions>;
  #bytes = 0;

  constructor(options: MemoryStreamBuffersOptions) {
    this.#options = { now: Date.now, ...options };
  }

  /** Bytes of frames currently held. */
  get bytes(): number {
    return this.#bytes;
  }

  create(meta: StreamMeta): StreamBuffer {
    this.sweep();
    const buffer = new MemoryStreamBuffer(meta, this.#options.now, (bytes) => {
      this.#bytes += bytes;
      if (this.#bytes > this.#options.maxBytes) this.#evict();
    });
    this.#streams.set(meta.id, buffer);
    return buffer;
  }

  get(id: string): StreamBuffer | undefined {
    const buffer = this.#streams.get(id);
    if (buffer && this.#expired(buffer)) {
      this.#drop(id);
      return undefined;
    }
    return buffer;
  }

  release(id: string): void {
    if (!this.#streams.has(id)) return;
    this.#released.add(id);
    if (this.#bytes > this.#options.maxBytes) this.#evict();
  }

  /** Drops every finished stream past its retention. */
  sweep(): void {
    for (const [id, buffer] of this.#streams) if (this.#expired(buffer)) this.#drop(id);
  }

  #expired(buffer: MemoryStreamBuffer): boolean {
    return buffer.finishedAt !== undefined && buffer.finishedAt + this.#options.retentionMs <= this.#options.now();
  }

  #evict(): void {
    for (const id of this.#released) {
      if (this.#bytes <= this.#options.maxBytes) return;
      this.#drop(id);
    }
  }

  #drop(id: string): void {
    const buffer = this.#streams.get(id);
    if (!buffer) return;
    this.#streams.delete(id);
    this.#released.delete(id);
    this.#bytes -= buffer.bytes;
  }
}

class MemoryStreamBuffer implements StreamBuffer {
  readonly meta: StreamMeta;
  readonly #frames: string[] = [];
  #status: StreamStatus = 'live';
  #wake: Array<() => void> = [];
  readonly #now: () => number;
  readonly #grew: (bytes: number) => void;
  bytes = 0;
  finishedAt: number | undefined;

  constructor(meta: StreamMeta, now: () => number, grew: (bytes: number) => void) {
    this.meta = meta;
    this.#now = now;
    this.#grew = grew;
  }

  status(): StreamStatus {
    return this.#status;
  }

  length(): number {
    return this.#frames.length;
  }

  frames(): string[] {
    return [...this.#frames];
  }

  append(frame: string): number {
    if (this.#status !== 'live') throw new Error(`stream ${this.meta.id} is already ${this.#status}`);
    this.#frames.push(frame);
    const bytes = Buffer.byteLength(frame);
    this.bytes += bytes;
    this.#grew(bytes);
    this.#notify();
    return this.#frames.length;
  }

  finish(status: Exclude<StreamStatus, 'live'>): void {
    if (this.#status !== 'live') return;
    this.#status = status;
    this.finishedAt = this.#now();
    this.#notify();
  }

  async *readFrom(after: number, signal?: AbortSignal): AsyncGenerator<BufferedFrame> {
    let next = Math.max(0, after);
    while (!signal?.aborted) {
      if (next < this.#frames.length) {
        yield { seq: next + 1, frame: this.#frames[next] };
        next++;
        continue;
      }
      if (this.#status !== 'live') return;
      await this.#changed(signal);
    }
  }

  #changed(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.#wake.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  #notify(): void {
    const waiting = this.#wake;
    this.#wake = [];
    for (const wake of waiting) wake();
  }
}
