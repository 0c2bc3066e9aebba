import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator-state.ts';
import { takeFault } from '../call-fault.ts';
import { EmulatedError } from '../dialect.ts';
import type { ProviderName } from '../faults.ts';
import { sleep } from '../http-io.ts';

/** A media provider the emulator speaks: the chat ones plus the media-only ElevenLabs and Deepgram. */
export type MediaProvider = 'openai' | 'google' | 'vertex' | 'elevenlabs' | 'deepgram';

/** One media request as the emulator's routes see it: body read whole as bytes. */
export type MediaCall = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: Buffer;
  state: EmulatorState;
  signal: AbortSignal;
};

/** How each provider shapes its error bodies. */
const errorBody: Record<MediaProvider, (status: number, message: string) => unknown> = {
  openai: (status, message) => ({ error: { message, type: status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: status === 401 ? 'invalid_api_key' : null } }),
  google: (status, message) => ({ error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : status === 401 ? 'UNAUTHENTICATED' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT' } }),
  vertex: (status, message) => ({ error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : status === 401 ? 'UNAUTHENTICATED' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT' } }),
  elevenlabs: (status, message) => ({ detail: { status: status === 401 ? 'invalid_api_key' : status === 429 ? 'too_many_concurrent_requests' : 'error', message } }),
  deepgram: (status, message) => ({ err_code: status === 401 ? 'INVALID_AUTH' : status === 429 ? 'TOO_MANY_REQUESTS' : 'Bad Request', err_msg: message, request_id: 'emulated' }),
};

export function sendError(call: MediaCall, provider: MediaProvider, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(errorBody[provider](status, message));
  call.res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
  call.res.end(body);
}

export function sendBytes(call: MediaCall, contentType: string, bytes: Buffer | string): void {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  call.res.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length) });
  call.res.end(body);
}

/**
 * What every media call does first: record it (JSON bodies parsed, binary ones summarised),
 * refuse a missing or `invalid…` key with the provider's 401, and apply a fault from the
 * `x-emulator-fault` header or the control API's queue (status, retry_after, stall_ms).
 * Returns false when the call has been answered.
 */
export async function admitMediaCall(call: MediaCall, provider: MediaProvider, model: string, key: string | undefined): Promise<boolean> {
  const { req, url, body, state } = call;
  const contentType = String(req.headers['content-type'] ?? '');
  let recorded: unknown = null;
  if (body.length > 0) {
    if (contentType.startsWith('application/json')) {
      try {
        recorded = JSON.parse(body.toString('utf8'));
      } catch {
        recorded = body.toString('utf8');
      }
    } else recorded = { contentType, bytes: body.length };
  }
  url.searchParams.delete('key');
  // ElevenLabs and Deepgram are not chat providers; the log and fault queue take any provider name.
  const name = provider as ProviderName;
  state.record({ provider: name, method: req.method ?? 'POST', path: url.pathname + url.search, headers: req.headers, body: recorded });
  if (key === undefined || key === '' || key.startsWith('invalid')) {
    sendError(call, provider, 401, key ? 'Invalid API key (emulated).' : 'Missing API key (emulated).');
    return false;
  }
  const fault = takeFault(req, state, name, model);
  if (fault instanceof EmulatedError) {
    sendError(call, provider, 400, fault.message);
    return false;
  }
  if (fault.stall_ms) await sleep(fault.stall_ms, call.signal);
  if (fault.status) {
    sendError(call, provider, fault.status, `Emulated fault: HTTP ${fault.status}.`, fault.retry_after !== undefined ? { 'retry-after': String(fault.retry_after) } : {});
    return false;
  }
  return true;
}

/** A bearer token from `Authorization: Bearer …` (or `Token …` for Deepgram). */
export function authorizationToken(req: IncomingMessage, scheme: 'Bearer' | 'Token'): string | undefined {
  const value = req.headers.authorization;
  return typeof value === 'string' && value.startsWith(`${scheme} `) ? value.slice(scheme.length + 1).trim() : undefined;
}

/** `multipart/form-data` read whole: the emulator's own small parser, independent of the gateway's streaming one. */
export function parseForm(body: Buffer, contentType: string): { fields: Record<string, string>; files: Record<string, { data: Buffer; type: string; filename: string }> } {
  const boundary = /boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const fields: Record<string, string> = {};
  const files: Record<string, { data: Buffer; type: string; filename: string }> = {};
  if (!boundary) return { fields, files };
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // after CRLF, before CRLF--boundary
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (filename !== undefined) files[name] = { data: Buffer.from(content), type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream', filename };
    else fields[name] = content.toString('utf8');
    at = next;
  }
  return { fields, files };
}
