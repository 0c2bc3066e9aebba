/** The response an idempotency key is attached to. */
export type IdempotentResponse =
  /** A complete non-streaming answer, replayed with its original status and headers. */
  | { kind: 'json'; status: number; headers: Record<string, string>; body: string }
  /** A resumable stream: a retry becomes one more reader of it, from the start. */
  | { kind: 'stream'; streamId: string };

export type IdempotencyRecord = {
  accountId: string;
  /** The client's `Idempotency-Key`. */
  key: string;
  /** Hash of the route and canonical request body: the same key with another request is a conflict. */
  fingerprint: string;
  response: IdempotentResponse;
  createdAt: number;
  /** After this instant (ms since the epoch) the key may be used for a new request. */
  expiresAt: number;
};

/**
 * Which response an `Idempotency-Key` is attached to, per account. Async so SQLite and Redis
 * implementations share one interface and one contract test (`idempotency-store.contract.ts`).
 */
export interface IdempotencyStore {
  /**
   * Records the response for a key unless an unexpired record holds the key already; returns the
   * record that holds it after the call (the first one wins).
   */
  put(record: IdempotencyRecord): Promise<IdempotencyRecord>;
  /** The record, or undefined when there is none or it expired by the store's clock. */
  get(accountId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Deletes expired records; returns how many went. */
  deleteExpired(): Promise<number>;
}

export type IdempotencyStoreOptions = {
  /** The clock, in milliseconds since the epoch. Defaults to Date.now. */
  now?: () => number;
};
