import { randomUUID } from 'node:crypto';
import { GatewayError, type GatewayErrorInit } from '../../core/errors.ts';
import { conflict, validateKey, type IdempotencyDecision } from '../../streams/idempotent-requests.ts';
import type { IdempotencyRecord, IdempotentResponse } from '../idempotency-store.ts';
import type { RedisClient } from './open-redis.ts';
import type { RedisIdempotencyStore } from './redis-idempotency-store.ts';

/**
 * One look at a key, atomically: its finished record (`done`), the run in flight (`running`),
 * the failure of the run this caller waits on (`failed`, ARGV[5] = that run's token), or
 * nothing — then the caller claims the key for its own run (`claimed`), with a TTL so a crashed
 * instance's claim lapses and a waiter takes over.
 */
const CLAIM = `
local held = redis.call('HMGET', KEYS[1], 'expiresAt', 'record')
if held[1] and tonumber(held[1]) > tonumber(ARGV[1]) then return {'done', held[2]} end
local flight = redis.call('GET', KEYS[2])
if flight then
  local run = cjson.decode(flight)
  if run.state == 'running' then return {'running', flight} end
  if run.token == ARGV[5] then return {'failed', flight} end
end
redis.call('SET', KEYS[2], cjson.encode({state = 'running', fingerprint = ARGV[2], token = ARGV[4]}), 'PX', ARGV[3])
return {'claimed', ''}`;

/** Replaces the flight only while it is still this run's (ARGV[1] = token). */
const SETTLE = `
local flight = redis.call('GET', KEYS[1])
if not flight or cjson.decode(flight).token ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

type Flight = { state: 'running' | 'failed'; fingerprint: string; token: string; error?: GatewayErrorInit };

export type RedisIdempotentRequestsOptions = {
  redis: RedisClient;
  store: RedisIdempotencyStore;
  retentionMs: number;
  /** How long a claim lasts without its run finishing (an instance that died mid-request). */
  claimTtlMs?: number;
  /** How long waiters elsewhere can still see that the run they waited on failed. */
  failureTtlMs?: number;
  /** How often a waiting request looks again. */
  pollMs?: number;
  now?: () => number;
};

/**
 * `IdempotentRequests` across gateway instances: the first request with a key claims it in
 * Redis (`SET … PX`, inside one script with the record check); duplicates on any instance
 * poll until the first one's response is recorded, then replay it — or get its error when it
 * failed. Polling rather than pub/sub: a waiter needs no extra subscribed connection, cannot
 * miss a message sent before it subscribed, and notices a crashed instance's lapsed claim by
 * itself; the cost is up to `pollMs` of latency on a duplicate, which is rare by nature.
 */
export class RedisIdempotentRequests {
  readonly #redis: RedisClient;
  readonly #store: RedisIdempotencyStore;
  readonly #options: Required<Omit<RedisIdempotentRequestsOptions, 'redis' | 'store'>>;

  constructor(options: RedisIdempotentRequestsOptions) {
    this.#redis = options.redis;
    this.#store = options.store;
    this.#options = { claimTtlMs: 10 * 60_000, failureTtlMs: 30_000, pollMs: 50, now: Date.now, ...options };
  }

  /** As `IdempotentRequests.begin`: 409 for another request under the same key, the first one's error when it failed. */
  async begin(accountId: string, key: string, fingerprint: string): Promise<IdempotencyDecision> {
    validateKey(key);
    const keys = [this.#store.recordKey(accountId, key), `${this.#store.recordKey(accountId, key)}:in-flight`];
    const token = randomUUID();
    let waitingOn = '';
    for (let poll = 0; ; poll++) {
      const [outcome, payload] = (await this.#redis.eval(CLAIM, 2, ...keys, this.#options.now(), fingerprint, this.#options.claimTtlMs, token, waitingOn)) as [string, string];
      if (outcome === 'claimed') return this.#run(accountId, key, fingerprint, token, keys[1]);
      if (outcome === 'done') {
        const record = JSON.parse(payload) as IdempotencyRecord;
        if (record.fingerprint !== fingerprint) throw conflict();
        return { kind: 'replay', response: record.response };
      }
      const flight = JSON.parse(payload) as Flight;
      if (flight.fingerprint !== fingerprint) throw conflict();
      if (outcome === 'failed') throw new GatewayError(flight.error ?? { status: 500, code: 'internal', message: 'Internal gateway error.' });
      waitingOn = flight.token;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.#options.pollMs * (1 + poll / 10), 500)));
    }
  }

  #run(accountId: string, key: string, fingerprint: string, token: string, flightKey: string): IdempotencyDecision {
    return {
      kind: 'run',
      complete: async (response: IdempotentResponse) => {
        const now = this.#options.now();
        await this.#store.put({ accountId, key, fingerprint, response, createdAt: now, expiresAt: now + this.#options.retentionMs });
        await this.#redis.eval(SETTLE, 1, flightKey, token, '', 0);
      },
      fail: (error: unknown) => {
        // Only the error's public shape travels, as the client would see it (toGatewayError hides the rest).
        const { status, code, message, param, provider, upstreamType, retryAfterSeconds } = error instanceof GatewayError ? error : GatewayError.internal();
        const flight: Flight = { state: 'failed', fingerprint, token, error: { status, code, message, param, provider, upstreamType, retryAfterSeconds } };
        this.#redis.eval(SETTLE, 1, flightKey, token, JSON.stringify(flight), this.#options.failureTtlMs).catch(() => {
          // Unreachable Redis: the claim lapses after claimTtlMs and a waiter runs the request itself.
        });
      },
    };
  }
}
