import type { ServerResponse } from 'node:http';

/**
 * Responses that are event streams, for the graceful drain: their readers can resume on another
 * instance, so a drain may close them instead of waiting. Marked by whoever starts the stream
 * (`sendStream`); a WeakSet, so a finished response leaves nothing behind.
 */
const eventStreams = new WeakSet<ServerResponse>();

export function markEventStream(res: ServerResponse): void {
  eventStreams.add(res);
}

export function isEventStream(res: ServerResponse): boolean {
  return eventStreams.has(res);
}
