import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError, toGatewayError } from '../core/errors.ts';
import type { HealthStore, TargetKey } from './health-store.ts';
import { isRetryable } from './is-retryable.ts';
import type { ReliabilityConfig } from './reliability-config.ts';
import type { RouteTarget } from './resolve-targets.ts';
import { nextStep, type CandidateState } from './retry-policy.ts';

/** One upstream call, for response headers and the request log. */
export type Attempt = {
  provider: string;
  upstreamModel: string;
  /** HTTP status the attempt ended with (200 for an answer; the error's status otherwise). */
  status: number;
  error?: string;
  /** Until the answer began (first stream event, whole body) or the attempt failed. */
  latencyMs: number;
};

export type LoopOptions = {
  config: ReliabilityConfig;
  maxAttempts: number;
  health?: HealthStore;
  now: () => number;
  random: () => number;
  /** Where attempts are recorded; the caller keeps it to log attempts of a request that failed. */
  attempts?: Attempt[];
};

/**
 * The attempts of one request: candidates in order (minus those whose breaker is open),
 * the retry policy deciding what comes next, each outcome logged and reported to the
 * health store. Used once to open the answer and again for every mid-stream continuation,
 * so the attempt budget covers both.
 */
export class FailoverLoop {
  readonly attempts: Attempt[];
  readonly #targets: RouteTarget[];
  readonly #states: CandidateState[];
  readonly #options: LoopOptions;
  #lastError: GatewayError | undefined;

  private constructor(targets: RouteTarget[], states: CandidateState[], options: LoopOptions) {
    this.#targets = targets;
    this.#states = states;
    this.#options = options;
    this.attempts = options.attempts ?? [];
  }

  /**
   * Skips targets whose breaker is open while others are available; when every breaker is
   * open, tries them all anyway, the one that opened first first — never fail without trying.
   */
  static async create(targets: RouteTarget[], options: LoopOptions): Promise<FailoverLoop> {
    const now = options.now();
    const health = options.health;
    const checks = await Promise.all(targets.map((target) => (health ? health.check(keyOf(target), now) : { state: 'closed' as const, openedAt: undefined })));
    if (checks.every((check) => check.state === 'open')) {
      const order = targets.map((_, index) => index).sort((a, b) => (checks[a].openedAt ?? 0) - (checks[b].openedAt ?? 0));
      return new FailoverLoop(order.map((index) => targets[index]), order.map(() => ({ failures: 0 })), options);
    }
    return new FailoverLoop(targets, checks.map((check) => ({ failures: 0, excluded: check.state === 'open' })), options);
  }

  /**
   * Runs attempts until `open` succeeds and returns its value with the target that served.
   * `open` gets the run's deadline, to cut its own timeouts to it.
   * A non-retryable error is thrown at once; when the budget or the candidates run out, the
   * last error is thrown. `signal` (the client, before anything was sent) cuts waits short.
   */
  async run<T>(open: (target: RouteTarget, deadline: number) => Promise<T>, signal?: AbortSignal): Promise<{ value: T; target: RouteTarget; attempt: Attempt; index: number }> {
    const { config, now } = this.#options;
    const deadline = now() + config.deadlineMs;
    while (true) {
      const step = nextStep(this.#states, { attemptsMade: this.attempts.length, maxAttempts: this.#options.maxAttempts, deadline }, now(), this.#options.random, config);
      if (step.kind === 'give_up') throw this.#giveUp(step.reason);
      if (step.waitMs > 0) {
        await sleep(step.waitMs, undefined, { signal }).catch(() => undefined);
        if (signal?.aborted) throw this.#lastError ?? clientGone();
      }
      const target = this.#targets[step.index];
      if (!(await this.#admit(step.index))) continue;

      const attempt: Attempt = { provider: target.provider.id, upstreamModel: target.upstreamModel, status: 0, latencyMs: 0 };
      this.attempts.push(attempt);
      const started = now();
      try {
        const value = await open(target, deadline);
        attempt.status = 200;
        attempt.latencyMs = now() - started;
        return { value, target, attempt, index: step.index };
      } catch (thrown) {
        const error = toGatewayError(thrown);
        attempt.latencyMs = now() - started;
        if (signal?.aborted) {
          // The client left: not the provider's failure, and nobody to answer.
          attempt.status = 499;
          attempt.error = 'The client went away.';
          throw error;
        }
        await this.fail(step.index, attempt, error);
        if (!isRetryable(error)) throw error;
      }
    }
  }

  /** Logs a failed attempt (also one that failed mid-stream) and counts it against its target. */
  async fail(index: number, attempt: Attempt, error: GatewayError): Promise<void> {
    attempt.status = error.status;
    attempt.error = error.message;
    if (!isRetryable(error)) return;
    this.#lastError = error;
    const state = this.#states[index];
    state.failures++;
    state.lastFailedAt = this.#options.now();
    state.retryAfterMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
    if (state.retryAfterMs !== undefined && state.retryAfterMs > this.#options.config.maxRetryWaitMs) state.excluded = true;
    await this.#options.health?.record(keyOf(this.#targets[index]), {
      ok: false,
      latencyMs: attempt.latencyMs,
      at: this.#options.now(),
      error: { status: error.status, message: error.message },
    });
  }

  /** Reports an answer that completed, with its time to first byte. */
  async succeed(target: RouteTarget, attempt: Attempt): Promise<void> {
    await this.#options.health?.record(keyOf(target), { ok: true, latencyMs: attempt.latencyMs, at: this.#options.now() });
  }

  /** A half-open breaker lets one probe through; a target whose probe is taken waits unless nothing else is left. */
  async #admit(index: number): Promise<boolean> {
    const health = this.#options.health;
    if (!health) return true;
    const key = keyOf(this.#targets[index]);
    const now = this.#options.now();
    const { state } = await health.check(key, now);
    if (state !== 'half_open' || (await health.claimProbe(key, now))) return true;
    const othersLeft = this.#states.some((other, i) => i !== index && !other.excluded);
    if (!othersLeft) return true;
    this.#states[index].excluded = true;
    return false;
  }

  #giveUp(reason: 'attempts' | 'deadline' | 'exhausted'): GatewayError {
    if (this.#lastError) return this.#lastError;
    const why = reason === 'attempts' ? 'the attempt limit was reached' : reason === 'deadline' ? 'the deadline passed' : 'no provider was available';
    return new GatewayError({ status: 503, code: 'upstream_unavailable', message: `No provider answered: ${why}.` });
  }
}

export const keyOf = (target: RouteTarget): TargetKey => ({ provider: target.provider.id, model: target.upstreamModel });

const clientGone = (): GatewayError => new GatewayError({ status: 499, code: 'upstream_unavailable', message: 'The client went away.' });
