import type { RedisClient } from './open-redis.ts';

/**
 * Connections for blocking commands (`XREAD BLOCK`). A blocked connection answers nothing else,
 * so each reader following a live stream holds one of its own for as long as it waits; when it
 * is done the connection goes back to a small idle pool for the next reader. A reader that gives
 * up mid-wait (its client left) discards its connection: closing it is the only way to cancel a
 * blocked command without a second round trip.
 */
export class BlockingConnections {
  readonly #base: RedisClient;
  readonly #maxIdle: number;
  readonly #idle: RedisClient[] = [];
  readonly #inUse = new Set<RedisClient>();
  #closed = false;

  constructor(base: RedisClient, options: { maxIdle?: number } = {}) {
    this.#base = base;
    this.#maxIdle = options.maxIdle ?? 4;
  }

  /** Connections open now: idle and in use. */
  get size(): number {
    return this.#idle.length + this.#inUse.size;
  }

  acquire(): RedisClient {
    if (this.#closed) throw new Error('The blocking connection pool is closed.');
    const connection = this.#idle.pop() ?? this.#open();
    this.#inUse.add(connection);
    return connection;
  }

  #open(): RedisClient {
    const connection = this.#base.duplicate({ connectionName: 'switchyard-stream-reader' });
    connection.on('error', () => {}); // the blocked command rejects too; the reader handles that
    return connection;
  }

  /** Returns a connection whose command finished normally. */
  release(connection: RedisClient): void {
    this.#inUse.delete(connection);
    if (!this.#closed && this.#idle.length < this.#maxIdle && connection.status === 'ready') this.#idle.push(connection);
    else connection.disconnect();
  }

  /** Closes a connection that may still be blocked. */
  discard(connection: RedisClient): void {
    this.#inUse.delete(connection);
    connection.disconnect();
  }

  /** Closes every connection, ending the readers still blocked on one. */
  close(): void {
    this.#closed = true;
    for (const connection of [...this.#idle, ...this.#inUse]) connection.disconnect();
    this.#idle.length = 0;
    this.#inUse.clear();
  }
}
