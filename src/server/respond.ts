import type { ServerResponse } from 'node:http';
import type { GatewayError } from '../core/errors.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** Error headers every format shares: a client that is told to wait learns for how long. */
export function errorHeaders(error: GatewayError): Record<string, string> {
  return error.retryAfterSeconds !== undefined ? { 'retry-after': String(Math.ceil(error.retryAfterSeconds)) } : {};
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Reverse proxies (nginx) would otherwise buffer the stream and defeat it.
  'x-accel-buffering': 'no',
};
