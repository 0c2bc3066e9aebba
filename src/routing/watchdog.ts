import { GatewayError } from '../core/errors.ts';

export type WatchdogReason = 'first_byte' | 'idle';

/**
 * One attempt's timer: armed with a limit, it aborts the attempt's request when the limit
 * passes, and remembers why, so the resulting abort error can be reported as a timeout.
 *
 * A stream re-arms it for every item, so arming only moves a deadline: one timer runs per
 * idle period and, when it fires early (the deadline moved on), sets itself again for the
 * rest, instead of a clearTimeout and a setTimeout per item.
 */
export class Watchdog {
  readonly #controller: AbortController;
  readonly #provider: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending timer is due (ms since the epoch). */
  #timerAt = 0;
  /** When the limit passes; 0 while not armed. */
  #deadline = 0;
  #limit: { reason: WatchdogReason; ms: number } = { reason: 'first_byte', ms: 0 };
  #fired: { reason: WatchdogReason; ms: number } | undefined;

  constructor(controller: AbortController, provider: string) {
    this.#controller = controller;
    this.#provider = provider;
  }

  arm(ms: number, reason: WatchdogReason): void {
    const wait = Math.max(0, ms);
    if (this.#limit.ms !== ms || this.#limit.reason !== reason) this.#limit = { reason, ms };
    this.#deadline = Date.now() + wait;
    // A pending timer due after the new deadline would fire too late: set it again.
    if (this.#timer !== undefined && this.#timerAt > this.#deadline) this.#clear();
    if (this.#timer === undefined) this.#schedule(wait);
  }

  /**
   * Stops counting until the next `arm` (between the items of a stream), leaving the pending
   * timer to lapse on its own; `disarm` when the attempt is over.
   */
  pause(): void {
    this.#deadline = 0;
  }

  disarm(): void {
    this.#deadline = 0;
    this.#clear();
  }

  #schedule(wait: number): void {
    this.#timerAt = Date.now() + wait;
    this.#timer = setTimeout(this.#check, wait);
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #check = (): void => {
    this.#timer = undefined;
    if (this.#deadline === 0) return;
    const left = this.#deadline - Date.now();
    if (left > 0) return this.#schedule(left);
    this.#deadline = 0;
    this.#fired = this.#limit;
    this.#controller.abort();
  };

  /** The timeout error when the watchdog fired, else undefined. */
  get timeout(): GatewayError | undefined {
    if (!this.#fired) return undefined;
    const what = this.#fired.reason === 'first_byte' ? 'did not start answering' : 'stalled mid-stream';
    return new GatewayError({
      status: 504,
      code: 'timeout',
      provider: this.#provider,
      message: `Provider '${this.#provider}' ${what} within ${this.#fired.ms} ms.`,
    });
  }
}

/**
 * Relays `source`, allowing at most `firstMs` before the first item and `idleMs` between
 * the next ones; a silence longer than that aborts the request (through the watchdog) and
 * surfaces as a timeout. Any other failure of the source becomes a retryable 502.
 */
export async function* watchStream<T>(source: AsyncIterable<T>, watchdog: Watchdog, limits: { firstMs: number; idleMs: number }, provider: string): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let first = true;
  try {
    while (true) {
      watchdog.arm(first ? limits.firstMs : limits.idleMs, first ? 'first_byte' : 'idle');
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw watchdog.timeout ?? streamBroken(error, provider);
      } finally {
        watchdog.pause();
      }
      // A parser may turn the abort into an in-band error event: the timeout is the truth.
      const timeout = watchdog.timeout;
      if (timeout) throw timeout;
      if (next.done) return;
      first = false;
      yield next.value;
    }
  } finally {
    watchdog.disarm();
    await iterator.return?.()?.catch(() => undefined);
  }
}

/** A connection lost after the response started (socket reset, truncated body). */
export function streamBroken(error: unknown, provider: string): GatewayError {
  if (error instanceof GatewayError) return error;
  const reason = (error as { code?: string }).code ?? (error as Error)?.name ?? 'unknown';
  return new GatewayError({ status: 502, code: 'upstream_unavailable', provider, message: `The connection to provider '${provider}' broke mid-response (${reason}).` });
}
