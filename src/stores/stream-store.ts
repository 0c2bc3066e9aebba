/** A finished stream as persisted: everything needed to replay it to a reader who reconnects. */
export type StoredStream = {
  /** `str_…` */
  id: string;
  accountId: string;
  status: 'completed' | 'failed';
  contentType: string;
  /** The gateway response headers the stream was first answered with. */
  headers: Record<string, string>;
  /** The SSE frames in order (frame n+1 is `frames[n]`), each without its `id:` line. */
  frames: string[];
  createdAt: number;
  finishedAt: number;
  /** After this instant (ms since the epoch) the stream is gone. */
  expiresAt: number;
};

/**
 * Finished resumable streams, kept until they expire so a reader can replay them after the
 * in-memory buffer has let them go. Async so SQLite and Redis implementations share one
 * interface and one contract test (`stream-store.contract.ts`).
 */
export interface StreamStore {
  /** Saves a finished stream; saving the same id again replaces it. */
  save(stream: StoredStream): Promise<void>;
  /** The stream, or undefined when it is unknown or expired by the store's clock. */
  get(id: string): Promise<StoredStream | undefined>;
  /** Deletes every expired stream; returns how many went. */
  deleteExpired(): Promise<number>;
}

/** Options every implementation accepts. */
export type StreamStoreOptions = {
  /** The clock, in milliseconds since the epoch; injected so tests control time. Defaults to Date.now. */
  now?: () => number;
};
