import { GatewayError } from '../../core/errors.ts';
import type { BufferedFrame, StreamMeta, StreamStatus } from '../../streams/stream-buffer.ts';
import type { BlockingConnections } from './blocking-connections.ts';
import type { RedisClient } from './open-redis.ts';

/**
 * Where one stream lives in Redis. The `{id}` hash tag keeps both keys on one Redis Cluster slot.
 * - `frames`: a Redis Stream; frame n is entry `0-n` with field `f`, so a resume point maps
 *   straight onto an entry id, and the end is one more entry `1-0` with field `end` = the final
 *   status: it wakes every blocked `XREAD`, and Redis itself refuses frames after it (ids only grow).
 * - `meta`: a hash with the stream's meta (headers as JSON) and its status.
 */
export function streamKeys(prefix: string, id: string): { frames: string; meta: string } {
  return { frames: `${prefix}stream:{${id}}:frames`, meta: `${prefix}stream:{${id}}:meta` };
}

/** The entry id of the end marker, above every frame's `0-n`. */
export const END_ENTRY_ID = '1-0';

/** The meta hash's fields for a new live stream. */
export function metaFields(meta: StreamMeta): Record<string, string> {
  return {
    id: meta.id,
    accountId: meta.accountId,
    contentType: meta.contentType,
    headers: JSON.stringify(meta.headers),
    createdAt: String(meta.createdAt),
    status: 'live',
  };
}

/** The meta and status read back from the hash; undefined when the stream is unknown or expired. */
export function parseMetaFields(fields: Record<string, string>): { meta: StreamMeta; status: StreamStatus } | undefined {
  if (!fields.id) return undefined;
  const meta = { id: fields.id, accountId: fields.accountId, contentType: fields.contentType, headers: JSON.parse(fields.headers) as Record<string, string>, createdAt: Number(fields.createdAt) };
  return { meta, status: fields.status as StreamStatus };
}

type Entry = [id: string, fields: string[]];
type XReadReply = Array<[key: string, entries: Entry[]]> | null;

export type FollowOptions = {
  redis: RedisClient;
  blocking: BlockingConnections;
  keys: { frames: string; meta: string };
  /** Longest single `XREAD BLOCK`; after each, the reader checks the stream still exists. */
  blockMs: number;
  /** Entries fetched per read. */
  batch: number;
  /** Called with the final status when the end marker is read (or `failed` when the stream vanished). */
  ended(status: Exclude<StreamStatus, 'live'>): void;
};

/**
 * The frames after `after`, then new ones as the writer (on any instance) adds them, until the
 * end marker or `signal`. Catches up with plain `XREAD` on the shared connection and borrows a
 * blocking connection only to wait at the live edge. A stream whose keys vanish while live lost
 * its writer (the instance died and the keys' live TTL ran out): it ends as failed.
 */
export async function* followStream(after: number, signal: AbortSignal | undefined, options: FollowOptions): AsyncGenerator<BufferedFrame> {
  const { redis, blocking, keys } = options;
  let last = Math.max(0, after);
  while (!signal?.aborted) {
    let reply = (await redis.xread('COUNT', options.batch, 'STREAMS', keys.frames, `0-${last}`)) as XReadReply;
    if (!reply) {
      if (signal?.aborted) return;
      const waited = await blockingRead(last, signal, options);
      if (waited === 'aborted') return;
      if (!waited) {
        if ((await redis.exists(keys.meta)) === 0) return options.ended('failed');
        continue;
      }
      reply = waited;
    }
    for (const [entryId, fields] of reply[0][1]) {
      if (entryId === END_ENTRY_ID) return options.ended(fields[1] as Exclude<StreamStatus, 'live'>);
      const seq = Number(entryId.slice(2));
      // MAXLEN trimmed the frames this reader still needed: a gap would corrupt its stream.
      if (seq !== last + 1) throw new GatewayError({ status: 410, code: 'not_found', message: `Frames ${last + 1}–${seq - 1} of this stream are no longer buffered; it was too long to resume from there.` });
      last = seq;
      yield { seq, frame: fields[1] };
      if (signal?.aborted) return;
    }
  }
}

async function blockingRead(last: number, signal: AbortSignal | undefined, options: FollowOptions): Promise<XReadReply | 'aborted'> {
  const connection = options.blocking.acquire();
  const abort = () => options.blocking.discard(connection);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const reply = (await connection.xread('COUNT', options.batch, 'BLOCK', options.blockMs, 'STREAMS', options.keys.frames, `0-${last}`)) as XReadReply;
    options.blocking.release(connection);
    return reply;
  } catch (error) {
    options.blocking.discard(connection);
    if (signal?.aborted) return 'aborted';
    throw error;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}
