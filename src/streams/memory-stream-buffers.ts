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
  /**
   * Finished streams in the order they finished, which (one retention for all) is the order they
   * expire in: a sweep reads only the expired head instead of every stream. Dropped streams stay
   * until they reach the head, where they are skipped.
   */
  #finished: MemoryStreamBuffer[] = [];
  #finishedHead = 0;
  readonly #options: Required<MemoryStreamBuffersOptions>;
  /** What every buffer reports to, shared so a buffer carries no closures of its own. */
  readonly #owner: BufferOwner;
  #bytes = 0;

  constructor(options: MemoryStreamBuffersOptions) {
    this.#options = { now: Date.now, ...options };
    this.#owner = {
      now: this.#options.now,
      grew: (bytes) => {
        this.#bytes += bytes;
        if (this.#bytes > this.#options.maxBytes) this.#evict();
      },
      finished: (buffer) => void this.#finished.push(buffer),
    };
  }

  /** Bytes of frames currently held. */
  get bytes(): number {
    return this.#bytes;
  }

  create(meta: StreamMeta): StreamBuffer {
    this.sweep();
    const buffer = new MemoryStreamBuffer(meta, this.#owner);
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

  /** Drops every finished stream past its retention: work in proportion to what expired. */
  sweep(): void {
    const finished = this.#finished;
    let head = this.#finishedHead;
    while (head < finished.length && this.#expired(finished[head])) {
      const buffer = finished[head++];
      if (this.#streams.get(buffer.meta.id) === buffer) this.#drop(buffer.meta.id);
    }
    // Compact once the consumed head is most of the array, so it does not grow without end.
    if (head > 1024 && head * 2 > finished.length) {
      this.#finished = finished.slice(head);
      head = 0;
    }
    this.#finishedHead = head;
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

type BufferOwner = { now: () => number; grew(bytes: number): void; finished(buffer: MemoryStreamBuffer): void };

class MemoryStreamBuffer implements StreamBuffer {
  readonly meta: StreamMeta;
  readonly #frames: string[] = [];
  #status: StreamStatus = 'live';
  /** Readers waiting for the next frame; most of the time there are none. */
  #wake: Array<() => void> | undefined;
  readonly #owner: BufferOwner;
  bytes = 0;
  finishedAt: number | undefined;

  constructor(meta: StreamMeta, owner: BufferOwner) {
    this.meta = meta;
    this.#owner = owner;
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
    this.#owner.grew(bytes);
    this.#notify();
    return this.#frames.length;
  }

  finish(status: Exclude<StreamStatus, 'live'>): void {
    if (this.#status !== 'live') return;
    this.#status = status;
    this.finishedAt = this.#owner.now();
    this.#owner.finished(this);
    this.#notify();
  }

  async *readFrom(after: number, signal?: AbortSignal): AsyncGenerator<BufferedFrame> {
    let next = Math.max(0, after);
    // One abort listener for the whole read, not one per wait.
    let wake: (() => void) | undefined;
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal?.aborted) {
        if (next < this.#frames.length) {
          yield { seq: next + 1, frame: this.#frames[next] };
          next++;
          continue;
        }
        if (this.#status !== 'live') return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          (this.#wake ??= []).push(resolve);
        });
        wake = undefined;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #notify(): void {
    const waiting = this.#wake;
    if (!waiting) return;
    this.#wake = undefined;
    for (const wake of waiting) wake();
  }
}
