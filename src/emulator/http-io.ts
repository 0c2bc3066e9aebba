import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { Fault } from './faults.ts';

/** Waits `ms`, or less when `signal` aborts (emulator closing, client gone); never throws. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

/** A request body as JSON: an empty body is `undefined`; one that is not JSON comes back as its text, `json: false`. */
export function parseJsonBody(raw: string): { body: unknown; json: boolean } {
  try {
    return { body: raw === '' ? undefined : JSON.parse(raw), json: true };
  } catch {
    return { body: raw, json: false };
  }
}

/** Aborts when the response closes: the client went away, or the answer is complete. */
export function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendBody(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendBody(res, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
}

/**
 * The one stream writer every dialect uses (SSE text, Gemini's JSON array, Bedrock's binary
 * frames), and so the one place mid-stream faults act: events are counted as they are written,
 * and after N of them the fault stalls, cuts the socket, or sends the dialect's in-band error.
 * Writes respect back-pressure. `headers` are sent as given.
 */
export async function writeStream(
  res: ServerResponse,
  headers: Record<string, string>,
  events: Iterable<string | Uint8Array>,
  options: { fault: Fault; delayMs: number; inBandError?: string | Uint8Array; signal: AbortSignal },
): Promise<void> {
  const { fault, signal } = options;
  res.writeHead(200, headers);
  res.flushHeaders();
  const tokenDelay = fault.token_delay_ms ?? options.delayMs;
  let written = 0;
  // Returns true when the fault ended the stream at this point.
  const faultAt = async (count: number): Promise<boolean> => {
    if (fault.stall_after_events === count) await sleep(fault.stall_ms ?? 0, signal);
    if (fault.cut_after_events === count) {
      res.socket?.destroy();
      return true;
    }
    if (fault.error_after_events === count && options.inBandError !== undefined) {
      res.end(options.inBandError);
      return true;
    }
    return false;
  };
  for (const event of events) {
    if (res.destroyed || signal.aborted) return;
    if (await faultAt(written)) return;
    if (written > 0) await sleep(tokenDelay, signal);
    if (res.destroyed) return;
    if (!res.write(event)) await once(res, 'drain', { signal }).catch(() => undefined);
    written++;
  }
  if (await faultAt(written)) return;
  res.end();
}
