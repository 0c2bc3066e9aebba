import { cacheEntrySize, type ResponseCacheEntry, type ResponseCacheStore, type ResponseCacheStoreOptions } from '../response-cache-store.ts';

export type MemoryResponseCacheStoreOptions = ResponseCacheStoreOptions & {
  /** Bound on the entries' total size; the least recently used go first. */
  maxBytes: number;
};

/**
 * The response cache in process memory: an LRU bounded in bytes (a Map kept in use order).
 * Lost on restart and not shared between gateway processes; SQLite persists, Redis (later) shares.
 */
export class MemoryResponseCacheStore implements ResponseCacheStore {
  readonly #now: () => number;
  readonly #maxBytes: number;
  readonly #entries = new Map<string, { entry: ResponseCacheEntry; size: number }>();
  #bytes = 0;

  constructor(options: MemoryResponseCacheStoreOptions) {
    this.#now = options.now ?? Date.now;
    this.#maxBytes = options.maxBytes;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  async get(key: string): Promise<ResponseCacheEntry | undefined> {
    const held = this.#entries.get(key);
    if (!held) return undefined;
    if (held.entry.expiresAt <= this.#now()) {
      this.#remove(key);
      return undefined;
    }
    // Re-inserting moves it to the most recently used end.
    this.#entries.delete(key);
    this.#entries.set(key, held);
    return structuredClone(held.entry);
  }

  async set(entry: ResponseCacheEntry): Promise<void> {
    this.#remove(entry.key);
    const size = cacheEntrySize(entry);
    // An entry bigger than the whole cache would only evict everything else and then itself.
    if (size > this.#maxBytes) return;
    this.#entries.set(entry.key, { entry: structuredClone(entry), size });
    this.#bytes += size;
    for (const key of this.#entries.keys()) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#remove(key);
    }
  }

  async delete(key: string): Promise<void> {
    this.#remove(key);
  }

  async deleteExpired(): Promise<number> {
    const now = this.#now();
    let removed = 0;
    for (const [key, held] of this.#entries) {
      if (held.entry.expiresAt > now) continue;
      this.#remove(key);
      removed++;
    }
    return removed;
  }

  #remove(key: string): void {
    const held = this.#entries.get(key);
    if (!held) return;
    this.#entries.delete(key);
    this.#bytes -= held.size;
  }
}
