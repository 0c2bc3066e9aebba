import type { ServerResponse } from 'node:http';
import { GatewayError } from '../../core/errors.ts';
import type { OpenedStream, ResumableStreams } from '../../streams/resumable-streams.ts';
import type { BufferedFrame, StreamStatus } from '../../streams/stream-buffer.ts';
import { withEventId } from '../../streams/sse-frame-id.ts';
import { localCaller } from '../auth.ts';
import { sseHeaders } from '../respond.ts';
import { markEventStream } from '../event-stream-responses.ts';
import { writeFrames } from '../write-frames.ts';
import type { Handler, RequestContext } from '../request-context.ts';

/** The response header naming a resumable stream; `GET /v1/streams/{id}` reads it again. */
export const STREAM_ID_HEADER = 'x-switchyard-stream-id';
/** On `GET /v1/streams/{id}`: `live`, `completed` or `failed` when the reader connected. */
export const STREAM_STATUS_HEADER = 'x-switchyard-stream-status';

/**
 * `GET /v1/streams/{id}`: replays a stream's frames after `Last-Event-ID` (or `?after=N`), then
 * follows it live to its end. Only the account that started the stream can read it; to anyone
 * else it does not exist.
 */
export function streamReplayHandler(streams: ResumableStreams): Handler {
  return async (ctx) => {
    const after = readAfter(ctx);
    const stream = await streams.open(ctx.params.id);
    const accountId = ctx.caller?.accountId ?? localCaller.accountId;
    if (!stream || stream.meta.accountId !== accountId) {
      throw new GatewayError({ status: 404, code: 'not_found', message: `No stream '${ctx.params.id}': it never existed, belongs to another account, or has expired.` });
    }
    await sendStream(ctx, stream, after, { [STREAM_STATUS_HEADER]: stream.status() });
  };
}

/** Answers with a stream's frames after `after`, following it live; the headers are the stream's own. */
export async function sendStream(ctx: RequestContext, stream: OpenedStream, after: number, extraHeaders: Record<string, string> = {}): Promise<void> {
  markEventStream(ctx.res);
  ctx.res.writeHead(200, {
    ...stream.meta.headers,
    ...sseHeaders,
    'content-type': stream.meta.contentType,
    [STREAM_ID_HEADER]: stream.meta.id,
    ...extraHeaders,
  });
  await writeNumberedFrames(ctx.res, stream.readFrom(after, ctx.signal), ctx.signal, () => stream.status());
}

/**
 * Writes numbered frames as they come (`writeFrames`). A stream that failed upstream ends with a
 * destroyed connection, as it would have without buffering, so clients see a broken stream
 * rather than a clean end.
 */
async function writeNumberedFrames(res: ServerResponse, frames: AsyncIterable<BufferedFrame>, signal: AbortSignal, status: () => StreamStatus): Promise<void> {
  const written = await writeFrames(res, frames, ({ seq, frame }) => withEventId(frame, seq), () => signal.aborted);
  if (!written) return;
  if (status() === 'failed') res.destroy();
  else res.end();
}

function readAfter(ctx: RequestContext): number {
  const header = ctx.req.headers['last-event-id'];
  const raw = typeof header === 'string' && header.trim() !== '' ? header.trim() : ctx.url.searchParams.get('after');
  if (raw === null) return 0;
  if (!/^\d{1,15}$/.test(raw)) throw GatewayError.invalidRequest(`Last-Event-ID (or ?after=) must be a frame number from this stream's id: lines, got '${raw}'.`, 'Last-Event-ID');
  return Number(raw);
}
