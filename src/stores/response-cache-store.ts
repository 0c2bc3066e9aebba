/** An answer as the client received it, kept so the same request can be answered again without a provider. */
export type CachedAnswer =
  /** A non-streaming answer: the rendered body with its status and headers. */
  | { kind: 'json'; status: number; headers: Record<string, string>; body: string }
  /** A streaming answer: every rendered SSE frame (complete blocks ending in a blank line), in order. */
  | { kind: 'stream'; contentType: string; headers: Record<string, string>; frames: string[] };

export type ResponseCacheEntry = {
  /** The cache key (`cache/cache-key.ts`): a hash that already includes the account. */
  key: string;
  accountId: string;
  answer: CachedAnswer;
  createdAt: number;
  /** After this instant (ms since the epoch) the entry is gone. */
  expiresAt: number;
};

/**
 * The response cache's storage. Async so in-memory, SQLite and (later) Redis implementations
 * share one interface and one contract test (`response-cache-store.contract.ts`).
 */
export interface ResponseCacheStore {
  /** The entry, or undefined when there is none or it expired by the store's clock. */
  get(key: string): Promise<ResponseCacheEntry | undefined>;
  /** Stores the entry, replacing any entry under the same key (the newest answer wins). */
  set(entry: ResponseCacheEntry): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes expired entries; returns how many went. */
  deleteExpired(): Promise<number>;
}

export type ResponseCacheStoreOptions = {
  /** The clock, in milliseconds since the epoch. Defaults to Date.now. */
  now?: () => number;
};

/** Bytes an entry takes, roughly: what a size bound counts. */
export function cacheEntrySize(entry: ResponseCacheEntry): number {
  const { answer } = entry;
  const headers = JSON.stringify(answer.headers).length;
  if (answer.kind === 'json') return entry.key.length + headers + Buffer.byteLength(answer.body);
  let frames = 0;
  for (const frame of answer.frames) frames += Buffer.byteLength(frame);
  return entry.key.length + headers + frames;
}
