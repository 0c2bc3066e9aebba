import { GatewayError } from '../core/errors.ts';

export type WatchdogReason = 'first_byte' | 'idle';

/**
 * One attempt's timer: armed with a limit, it aborts the attempt's request when the limit
 * passes, and remembers why, so the resulting abort error can be reported as a timeout.
 */
export class Watchdog {
  readonly #controller: AbortController;
  readonly #provider: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #fired: { reason: WatchdogReason; ms: number } | undefined;

  constructor(controller: AbortController, provider: string) {
    this.#controller = controller;
    this.#provider = provider;
  }

  arm(ms: number, reason: WatchdogReason): void {
    this.disarm();
    this.#timer = setTimeout(() => {
      this.#fired = { reason, ms };
      this.#controller.abort();
    }, Math.max(0, ms));
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

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
        watchdog.disarm();
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
