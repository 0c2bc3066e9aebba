/** How much of a streamed response the request log keeps, in UTF-8 bytes of SSE text. */
export const LOGGED_STREAM_CAP_BYTES = 256 * 1024;

/** A response as body logging keeps it: the JSON body, or a stream's SSE text (cut at the cap). */
export type CapturedResponse = { body: unknown; truncated: boolean };

/**
 * Collects the response a client gets, for a key that opted in to body logging. Exactly one of
 * `json`, `text` or `frames` is called per answer; `captured` resolves once the response is
 * complete (for a stream, when its frames have all passed or the stream was abandoned), so the
 * request log entry written at settlement can include it.
 */
export type ResponseCapture = {
  readonly captured: Promise<CapturedResponse>;
  /** A JSON body, already parsed: kept as is (redaction copies it later). */
  json(body: unknown): void;
  /** A whole body as text: parsed when it is JSON, kept as text otherwise. */
  text(body: string): void;
  /** Passes a stream's frames through unchanged while keeping their text up to `capBytes`. */
  frames(frames: AsyncIterable<string>): AsyncIterable<string>;
};

export function captureResponseBody(capBytes = LOGGED_STREAM_CAP_BYTES): ResponseCapture {
  let resolve!: (captured: CapturedResponse) => void;
  const captured = new Promise<CapturedResponse>((settle) => (resolve = settle));
  return {
    captured,
    json(body) {
      resolve({ body, truncated: false });
    },
    text(body) {
      resolve({ body: parseJsonOrText(body), truncated: false });
    },
    frames(frames) {
      return (async function* () {
        const keeper = frameKeeper(capBytes);
        try {
          for await (const frame of frames) {
            keeper.add(frame);
            yield frame;
          }
        } finally {
          resolve(keeper.result());
        }
      })();
    },
  };
}

/** A cached answer served again, as body logging keeps it (the same cap as a live stream). */
export function capturedCachedAnswer(
  answer: { kind: 'json'; body: string } | { kind: 'stream'; frames: readonly string[] },
  capBytes = LOGGED_STREAM_CAP_BYTES,
): CapturedResponse {
  if (answer.kind === 'json') return { body: parseJsonOrText(answer.body), truncated: false };
  const keeper = frameKeeper(capBytes);
  for (const frame of answer.frames) keeper.add(frame);
  return keeper.result();
}

/** Keeps whole frames while they fit in `capBytes`: a cut frame would read as a malformed event. */
function frameKeeper(capBytes: number) {
  const kept: string[] = [];
  let bytes = 0;
  let truncated = false;
  return {
    add(frame: string) {
      if (truncated) return;
      const size = Buffer.byteLength(frame);
      if (bytes + size > capBytes) truncated = true;
      else {
        kept.push(frame);
        bytes += size;
      }
    },
    result: (): CapturedResponse => ({ body: kept.join(''), truncated }),
  };
}

function parseJsonOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
