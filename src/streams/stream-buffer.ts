/** `live` while the inference is still producing frames; the others are final. */
export type StreamStatus = 'live' | 'completed' | 'failed';

/** What is known about a stream besides its frames. */
export type StreamMeta = {
  /** `str_…` */
  id: string;
  /** Only this account may read the stream. */
  accountId: string;
  /** The content type the stream was first answered with (`text/event-stream…`). */
  contentType: string;
  /** The gateway's response headers (`x-switchyard-*`), repeated to every reader. */
  headers: Record<string, string>;
  createdAt: number;
};

/** One numbered frame: `seq` counts from 1; `frame` is a complete SSE block without its `id:` line. */
export type BufferedFrame = { seq: number; frame: string };

/**
 * The live part of one resumable stream: a single writer appends frames as the inference
 * produces them; any number of readers replay from a point and then follow until it ends.
 * In-process today (MemoryStreamBuffers); a Redis Streams implementation can share this shape.
 */
export interface StreamBuffer {
  readonly meta: StreamMeta;
  status(): StreamStatus;
  /** Frames appended so far. */
  length(): number;
  /** Appends one frame and returns its sequence number. */
  append(frame: string): number;
  /** Ends the stream; readers drain what is buffered and stop. */
  finish(status: Exclude<StreamStatus, 'live'>): void;
  /** Frames after `after` (0: from the start), then new ones as they come, until the stream ends or `signal` aborts. */
  readFrom(after: number, signal?: AbortSignal): AsyncIterable<BufferedFrame>;
  /** Every frame so far, for persisting a finished stream. */
  frames(): string[];
}

/** Where live streams are kept and found again by id. */
export interface StreamBuffers {
  create(meta: StreamMeta): StreamBuffer;
  get(id: string): StreamBuffer | undefined;
  /**
   * The finished stream is safely stored elsewhere (StreamStore): the buffers may drop it under
   * memory pressure. Until then a finished stream is kept, and a live one always is.
   */
  release(id: string): void;
}
