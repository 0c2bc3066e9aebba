import type { Server, ServerResponse } from 'node:http';
import { isEventStream } from './event-stream-responses.ts';

export type DrainOptions = {
  /** The most the drain waits for in-flight work, in ms. */
  timeoutMs: number;
  /**
   * Close the connections of clients reading streams at once, so they resume on another
   * instance (`GET /v1/streams/{id}`, which `resumableFetch` does by itself). Only when the
   * stream buffers are shared (Redis): the inference keeps pumping into them meanwhile.
   */
  handOverStreams: boolean;
  /** Background work still running (stream pumps being settled); the drain waits for zero. */
  pending(): number;
};

/** What a drain did, for the log line and the docs' measurements. */
export type DrainReport = {
  ms: number;
  /** False when the timeout cut the wait short. */
  drained: boolean;
  /** Stream readers whose connections were closed so they resume elsewhere. */
  handedOver: number;
  /** Requests still in flight when the drain ended. */
  leftInFlight: number;
};

/**
 * Tracks the requests in flight on a server and drains them on shutdown: the listener stops
 * accepting at once, every response from then on says `Connection: close` (a proxy's kept-alive
 * connection then goes elsewhere), and the drain resolves once no request and no background
 * work is left, or at the timeout.
 */
export class GracefulShutdown {
  readonly #server: Server;
  readonly #inFlight = new Set<ServerResponse>();
  #draining = false;

  constructor(server: Server) {
    this.#server = server;
    // Before the gateway's own handler, so the header is set before any response starts.
    server.prependListener('request', (_req, res: ServerResponse) => {
      if (this.#draining) res.setHeader('connection', 'close');
      this.#inFlight.add(res);
      res.once('close', () => this.#inFlight.delete(res));
    });
  }

  /** True once a drain began: `/readyz` answers 503 from then on. */
  get draining(): boolean {
    return this.#draining;
  }

  async drain(options: DrainOptions): Promise<DrainReport> {
    const started = performance.now();
    this.#draining = true;
    if (this.#server.listening) this.#server.close();
    this.#server.closeIdleConnections();
    let handedOver = 0;
    const deadline = started + options.timeoutMs;
    while (true) {
      if (options.handOverStreams) handedOver += this.#closeStreamReaders();
      const busy = [...this.#inFlight].filter((res) => !(options.handOverStreams && isEventStream(res))).length;
      if (busy === 0 && options.pending() === 0) break;
      if (performance.now() >= deadline) return { ms: Math.round(performance.now() - started), drained: false, handedOver, leftInFlight: busy };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.#server.closeIdleConnections();
    return { ms: Math.round(performance.now() - started), drained: true, handedOver, leftInFlight: 0 };
  }

  #closeStreamReaders(): number {
    let closed = 0;
    for (const res of this.#inFlight) {
      if (!isEventStream(res) || res.destroyed) continue;
      res.destroy();
      closed++;
    }
    return closed;
  }
}
