import { GatewayError } from '../core/errors.ts';
import type { StreamEvent } from '../core/events.ts';
import type { CanonicalRequest } from '../core/request.ts';
import type { UpstreamRequest } from '../providers/provider-adapter.ts';
import type { RouteTarget } from './resolve-targets.ts';
import type { UpstreamClient, UpstreamResponse } from './upstream-client.ts';
import { streamBroken, watchStream, Watchdog } from './watchdog.ts';

export type AttemptLimits = { firstByteMs: number; idleMs: number };

/** A stream whose first event has arrived: the point after which a failure is no longer invisible. */
export type OpenedStream<T> = {
  /** The first item followed by the rest; iterating to the end (or `return()`) releases the request. */
  items: AsyncGenerator<T>;
  /** Stops the upstream request. */
  abort(): void;
};

/**
 * One request to one target, with its own cancellation: the watchdog's timeouts, and
 * `signal` (the client) only until the answer begins — after that the upstream read belongs
 * to whoever consumes the stream, not to the client's connection.
 */
class AttemptRun {
  readonly controller = new AbortController();
  readonly startedAt = Date.now();
  readonly watchdog: Watchdog;
  readonly #target: RouteTarget;
  #unlink: () => void = () => undefined;

  constructor(target: RouteTarget, signal: AbortSignal | undefined) {
    this.#target = target;
    this.watchdog = new Watchdog(this.controller, target.provider.id);
    if (signal) {
      const abort = () => this.controller.abort();
      if (signal.aborted) abort();
      signal.addEventListener('abort', abort, { once: true });
      this.#unlink = () => signal.removeEventListener('abort', abort);
    }
  }

  /** Sends and checks the status; an error status becomes the adapter's GatewayError. */
  async send(upstream: UpstreamClient, request: UpstreamRequest): Promise<UpstreamResponse> {
    const { adapter, settings, provider } = this.#target;
    try {
      const response = await upstream.send(request, provider.id, this.controller.signal);
      if (response.status < 400) return response;
      const text = await response.body.text().catch(() => '');
      throw adapter.parseError(response.status, response.headers, text, settings);
    } catch (error) {
      throw this.watchdog.timeout ?? error;
    }
  }

  /** The answer has begun: the client's signal no longer reaches this request. */
  detach(): void {
    this.#unlink();
  }

  fail(error: unknown): never {
    this.#unlink();
    this.watchdog.disarm();
    this.controller.abort();
    throw this.watchdog.timeout ?? streamBroken(error, this.#target.provider.id);
  }
}

/** A whole (non-streamed) answer: the parsed JSON, or the upstream's own bytes for passthrough. */
export async function openWhole(
  target: RouteTarget,
  request: UpstreamRequest,
  deps: { upstream: UpstreamClient; limits: AttemptLimits; signal?: AbortSignal },
): Promise<{ status: number; contentType: string; bytes: Uint8Array }> {
  const run = new AttemptRun(target, deps.signal);
  run.watchdog.arm(deps.limits.firstByteMs, 'first_byte');
  try {
    const response = await run.send(deps.upstream, request);
    // Buffered whole, so a body cut short is still a failure the next provider can hide.
    const bytes = await response.body.bytes();
    run.watchdog.disarm();
    run.detach();
    return { status: response.status, contentType: String(response.headers['content-type'] ?? 'application/json'), bytes };
  } catch (error) {
    return run.fail(error);
  }
}

/**
 * A streamed answer as canonical events, returned once the first event is in; an `error`
 * event in first place is thrown, so another provider can still answer invisibly.
 */
export async function openEvents(
  target: RouteTarget,
  request: CanonicalRequest,
  deps: { upstream: UpstreamClient; limits: AttemptLimits; signal?: AbortSignal },
): Promise<OpenedStream<StreamEvent>> {
  const run = new AttemptRun(target, deps.signal);
  run.watchdog.arm(deps.limits.firstByteMs, 'first_byte');
  try {
    const upstreamRequest = await target.adapter.buildRequest(request, target.upstreamModel, target.settings);
    const response = await run.send(deps.upstream, upstreamRequest);
    const events = watchStream(target.adapter.parseStream(response.body), run.watchdog, { firstMs: remaining(run, deps.limits), idleMs: deps.limits.idleMs }, target.provider.id);
    const first = await events.next();
    if (!first.done && first.value.type === 'error') throw first.value.error;
    run.detach();
    return { items: prepend(first, events, run, isFinish), abort: () => run.controller.abort() };
  } catch (error) {
    return run.fail(error);
  }
}

/** A passthrough stream: the upstream's bytes, guarded by the same first-byte and idle limits. */
export async function openBytes(
  target: RouteTarget,
  request: UpstreamRequest,
  deps: { upstream: UpstreamClient; limits: AttemptLimits; signal?: AbortSignal },
): Promise<OpenedStream<Uint8Array> & { status: number; contentType: string }> {
  const run = new AttemptRun(target, deps.signal);
  run.watchdog.arm(deps.limits.firstByteMs, 'first_byte');
  try {
    const response = await run.send(deps.upstream, request);
    const chunks = watchStream(response.body, run.watchdog, { firstMs: remaining(run, deps.limits), idleMs: deps.limits.idleMs }, target.provider.id);
    const first = await chunks.next();
    run.detach();
    const contentType = String(response.headers['content-type'] ?? 'text/event-stream');
    return { status: response.status, contentType, items: prepend(first, chunks, run), abort: () => run.controller.abort() };
  } catch (error) {
    return run.fail(error);
  }
}

/** watchStream re-arms the watchdog; the first-byte limit still counts from the attempt's start. */
function remaining(run: AttemptRun, limits: AttemptLimits): number {
  return Math.max(1, limits.firstByteMs - (Date.now() - run.startedAt));
}

const isFinish = (event: StreamEvent) => event.type === 'finish';

/**
 * The first item, then the rest. A consumer that stops early stops the upstream request, unless
 * it stops after the answer's last item (`isLast`): then the parser reads what is left of the
 * body (normally only its end) and the connection goes back to the pool, where aborting would
 * have destroyed it, and built an AbortError with its stack, once per stream.
 */
async function* prepend<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>, run: AttemptRun, isLast?: (item: T) => boolean): AsyncGenerator<T> {
  let complete = false;
  let answered = false;
  try {
    if (!first.done) {
      answered = isLast?.(first.value) ?? false;
      yield first.value;
      for (let next = await rest.next(); !next.done; next = await rest.next()) {
        answered = isLast?.(next.value) ?? false;
        yield next.value;
      }
    }
    complete = true;
  } finally {
    if (!complete) {
      // The consumer stopped early or the stream failed: release the upstream request.
      await rest.return(undefined).catch(() => undefined);
      if (!answered) run.controller.abort();
    }
  }
}

export const notJson = (provider: string): GatewayError =>
  new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Provider '${provider}' sent a response that is not JSON.` });
