import { isFinalFrame, readEventId } from '../streams/sse-frame-id.ts';
import { splitSseFrames } from '../streams/split-sse-frames.ts';

export type ResumableFetchOptions = {
  /** The fetch that does the work (default: the global `fetch`). */
  baseFetch?: typeof fetch;
  /** Reconnects in a row that deliver nothing before the break is passed on to the caller (default 5). */
  maxResumes?: number;
  /** Milliseconds to wait before reconnect `attempt` (1, 2, …); default 100 ms doubling up to 2 s. */
  backoff?: (attempt: number) => number;
  /** Called before each reconnect, e.g. to log it. */
  onResume?: (info: { streamId: string; lastEventId: string; attempt: number; error: unknown }) => void;
};

const STREAM_ID_HEADER = 'x-switchyard-stream-id';
const STREAM_STATUS_HEADER = 'x-switchyard-stream-status';

/**
 * A `fetch` for the `openai` and `@anthropic-ai/sdk` clients (their `fetch` option) that makes
 * Switchyard streams survive dropped connections. A streaming answer carrying
 * `x-switchyard-stream-id` is handed over frame by frame; when the connection breaks, it
 * reconnects to `GET /v1/streams/{id}` with `Last-Event-ID` and the same credentials and
 * carries on feeding the same body, so the SDK never sees the drop. Everything else passes
 * through untouched.
 *
 * A stream is over when the body ends cleanly after its format's final frame (`data: [DONE]`,
 * `event: message_stop`, `response.completed|failed|incomplete`), or when a reconnect finds the
 * stream `completed` and its replay ends cleanly. A reconnect finding it `failed` ends the
 * body with an error, as the original connection would have.
 */
export function createResumableFetch(options: ResumableFetchOptions = {}): typeof fetch {
  const baseFetch = options.baseFetch ?? globalThis.fetch;
  const maxResumes = options.maxResumes ?? 5;
  const backoff = options.backoff ?? ((attempt: number) => Math.min(100 * 2 ** (attempt - 1), 2000));

  return async function resumableFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const response = await baseFetch(input, init);
    const streamId = response.headers.get(STREAM_ID_HEADER);
    if (!streamId || !response.body || !response.ok || !response.headers.get('content-type')?.includes('text/event-stream')) return response;

    const requestUrl = new URL(input instanceof Request ? input.url : String(input));
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
    const reconnect = (lastEventId: string) =>
      baseFetch(streamUrl(requestUrl, streamId), { method: 'GET', headers: resumeHeaders(input, init, lastEventId), signal });

    const frames = resumingFrames({ first: response.body, streamId, signal, reconnect, maxResumes, backoff, onResume: options.onResume });
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await frames.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await frames.return(undefined);
      },
    });
    const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(wrapped, 'url', { value: response.url });
    return wrapped;
  };
}

/** `createResumableFetch()` with the defaults, over the global fetch. */
export const resumableFetch: typeof fetch = createResumableFetch();

type ResumeInput = {
  first: ReadableStream<Uint8Array>;
  streamId: string;
  signal: AbortSignal | undefined;
  reconnect(lastEventId: string): Promise<Response>;
  maxResumes: number;
  backoff(attempt: number): number;
  onResume: ResumableFetchOptions['onResume'];
};

/** Whole frames as bytes, across as many connections as it takes. A partial frame is never passed on. */
async function* resumingFrames(input: ResumeInput): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let current: ReadableStream<Uint8Array> | undefined = input.first;
  let lastEventId = '0';
  let sawFinal = false;
  let serverSays: string | null = null;
  let attempt = 0;
  let lastError: unknown = new Error(`Switchyard stream ${input.streamId} ended before its final event.`);
  while (true) {
    let broke = false;
    if (current) {
      try {
        for await (const frame of splitSseFrames(readChunks(current))) {
          lastEventId = readEventId(frame) ?? lastEventId;
          if (isFinalFrame(frame)) sawFinal = true;
          attempt = 0;
          yield encoder.encode(frame);
        }
      } catch (error) {
        broke = true;
        lastError = error;
      }
      current = undefined;
    }
    if (input.signal?.aborted) throw input.signal.reason;
    if (!broke && (sawFinal || serverSays === 'completed')) return;
    if (serverSays === 'failed') throw new Error(`Switchyard stream ${input.streamId} failed upstream before it finished.`, { cause: lastError });
    if (++attempt > input.maxResumes) throw lastError;
    input.onResume?.({ streamId: input.streamId, lastEventId, attempt, error: lastError });
    await sleep(input.backoff(attempt), input.signal);
    let resumed: Response;
    try {
      resumed = await input.reconnect(lastEventId);
    } catch (error) {
      if (input.signal?.aborted) throw input.signal.reason;
      lastError = error;
      continue;
    }
    if (resumed.status === 404 || !resumed.body) {
      throw new Error(`Switchyard stream ${input.streamId} cannot be resumed: the gateway answered ${resumed.status} (expired or restarted).`, { cause: lastError });
    }
    if (!resumed.ok) {
      lastError = new Error(`Resuming Switchyard stream ${input.streamId} failed with status ${resumed.status}.`);
      await resumed.body.cancel().catch(() => {});
      continue;
    }
    serverSays = resumed.headers.get(STREAM_STATUS_HEADER);
    current = resumed.body;
  }
}

async function* readChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Stopped early (the caller cancelled): let the connection go.
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/** `{prefix}/v1/streams/{id}` beside the request's own `{prefix}/v1/...` path, so a gateway behind a path prefix works. */
function streamUrl(requestUrl: URL, streamId: string): URL {
  const at = requestUrl.pathname.lastIndexOf('/v1/');
  const prefix = at > 0 ? requestUrl.pathname.slice(0, at) : '';
  return new URL(`${prefix}/v1/streams/${encodeURIComponent(streamId)}`, requestUrl.origin);
}

/** The original request's headers (credentials included) minus those describing its body. */
function resumeHeaders(input: string | URL | Request, init: RequestInit | undefined, lastEventId: string): Headers {
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  for (const [name, value] of new Headers(init?.headers)) headers.set(name, value);
  for (const name of ['content-type', 'content-length', 'idempotency-key', 'transfer-encoding']) headers.delete(name);
  headers.set('accept', 'text/event-stream');
  headers.set('last-event-id', lastEventId);
  return headers;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
