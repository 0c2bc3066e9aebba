import { GatewayError } from '../core/errors.ts';
import type { IdempotencyStore, IdempotentResponse } from '../stores/idempotency-store.ts';

/** What to do with a request carrying an `Idempotency-Key`. */
export type IdempotencyDecision =
  /** The key is attached to a response already (finished, or in flight and now started): serve it. */
  | { kind: 'replay'; response: IdempotentResponse }
  /** First use of the key: run the inference, then `complete` with its response or `fail`. */
  | { kind: 'run'; complete(response: IdempotentResponse): Promise<void>; fail(error: unknown): void };

type InFlight = { fingerprint: string; response: Promise<IdempotentResponse> };

const MAX_KEY_LENGTH = 255;

/**
 * Attaches requests that repeat an `Idempotency-Key` to the first request's response instead of
 * running the inference again. Finished responses live in the IdempotencyStore; requests still
 * in flight are coordinated here, in process. Only successes are recorded: when the first
 * request fails, the requests waiting on it get the same error, and a later retry runs anew —
 * so a client's retry after a 429 or 5xx is not answered with the old error forever.
 */
export class IdempotentRequests {
  readonly #store: IdempotencyStore;
  readonly #retentionMs: number;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, InFlight>();

  constructor(options: { store: IdempotencyStore; retentionMs: number; now?: () => number }) {
    this.#store = options.store;
    this.#retentionMs = options.retentionMs;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Decides for one request. Throws a 409 when the key was used for a different request (another
   * fingerprint), and the first request's error when the request it waited on failed.
   */
  async begin(accountId: string, key: string, fingerprint: string): Promise<IdempotencyDecision> {
    validateKey(key);
    const slot = `${accountId}\u0000${key}`;
    const running = this.#inFlight.get(slot);
    if (running) {
      if (running.fingerprint !== fingerprint) throw conflict();
      return { kind: 'replay', response: await running.response };
    }
    // Claim the slot before the first await, so concurrent duplicates find it.
    const attached = Promise.withResolvers<IdempotentResponse>();
    attached.promise.catch(() => {}); // waiters handle it; nobody waiting is fine too
    this.#inFlight.set(slot, { fingerprint, response: attached.promise });
    const settle = () => this.#inFlight.delete(slot);
    try {
      const stored = await this.#store.get(accountId, key);
      if (stored) {
        if (stored.fingerprint !== fingerprint) throw conflict();
        attached.resolve(stored.response);
        settle();
        return { kind: 'replay', response: stored.response };
      }
    } catch (error) {
      attached.reject(error);
      settle();
      throw error;
    }
    return {
      kind: 'run',
      complete: async (response) => {
        try {
          const now = this.#now();
          const held = await this.#store.put({ accountId, key, fingerprint, response, createdAt: now, expiresAt: now + this.#retentionMs });
          attached.resolve(held.response);
        } catch (error) {
          attached.reject(error);
          throw error;
        } finally {
          settle();
        }
      },
      fail: (error) => {
        attached.reject(error);
        settle();
      },
    };
  }
}

/** Throws a 400 unless `key` is 1 to 255 visible ASCII characters; every IdempotentRequests implementation checks alike. */
export function validateKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw GatewayError.invalidRequest(`The Idempotency-Key header must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters.`, 'Idempotency-Key');
  }
}

/** The 409 for a key reused with a different request (another fingerprint). */
export function conflict(): GatewayError {
  // 409 like Stripe's idempotency errors; ErrorCode has no 'conflict' yet, so the status carries it.
  return new GatewayError({
    status: 409,
    code: 'invalid_request',
    param: 'Idempotency-Key',
    message: 'This Idempotency-Key was already used with a different request body; use a new key for a new request.',
  });
}
