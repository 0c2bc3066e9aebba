import { GatewayError } from '../core/errors.ts';

/** A file part of a form, read whole (bounded by the body limit). */
export type FormFile = { field: string; filename: string; mediaType: string; data: Uint8Array };

/** A parsed `multipart/form-data` body: text fields (repeated names keep every value) and file parts. */
export type FormData = { fields: Map<string, string[]>; files: FormFile[] };

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary of a `multipart/form-data` content-type, or a 400. */
export function multipartBoundary(contentType: string | undefined): string {
  const match = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 70) throw GatewayError.invalidRequest('This endpoint takes multipart/form-data with a boundary (RFC 7578).');
  return boundary;
}

/**
 * Reads a `multipart/form-data` body (RFC 7578) as it arrives, chunk by chunk, keeping only the
 * bytes of the parts themselves: a body over `limit` bytes is refused with 413 as soon as the
 * count passes the limit, without reading the rest. Delimiters may be split across chunks at
 * any byte. Binary-safe; text fields are UTF-8.
 */
export async function readMultipart(body: AsyncIterable<Uint8Array>, boundary: string, limit: number): Promise<FormData> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const form: FormData = { fields: new Map(), files: [] };
  // The body starts with `--boundary` (no CRLF before it); prefixing one makes every delimiter alike.
  let pending: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'content' | 'done' = 'preamble';
  let part: { field: string; filename?: string; mediaType: string; chunks: Buffer[] } | undefined;
  let total = 0;

  const finishPart = () => {
    if (!part) return;
    const data = Buffer.concat(part.chunks);
    if (part.filename !== undefined) form.files.push({ field: part.field, filename: part.filename, mediaType: part.mediaType, data });
    else form.fields.set(part.field, [...(form.fields.get(part.field) ?? []), data.toString('utf8')]);
    part = undefined;
  };

  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) throw tooLarge(limit);
    if (state === 'done') continue;
    pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
    for (;;) {
      if (state === 'preamble' || state === 'content') {
        const at = pending.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that may be the start of a delimiter split across chunks.
          const keep = Math.min(pending.length, delimiter.length - 1);
          if (state === 'content' && pending.length > keep) part!.chunks.push(pending.subarray(0, pending.length - keep));
          pending = pending.subarray(pending.length - keep);
          break;
        }
        if (state === 'content') {
          part!.chunks.push(pending.subarray(0, at));
          finishPart();
        }
        pending = pending.subarray(at + delimiter.length);
        state = 'after-delimiter';
      }
      if (state === 'after-delimiter') {
        if (pending.length < 2) break;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = 'done';
          break;
        }
        // Transport padding (spaces/tabs) may follow the delimiter before its CRLF.
        const lineEnd = pending.indexOf(CRLF);
        if (lineEnd < 0) break;
        pending = pending.subarray(lineEnd + 2);
        state = 'headers';
      }
      if (state === 'headers') {
        const end = pending.indexOf(HEADER_END);
        if (end < 0) {
          if (pending.length > 16 * 1024) throw GatewayError.invalidRequest('A multipart part has headers over 16 KiB.');
          break;
        }
        part = partFromHeaders(pending.subarray(0, end).toString('utf8'));
        pending = pending.subarray(end + HEADER_END.length);
        state = 'content';
      }
    }
  }
  if (state !== 'done') throw GatewayError.invalidRequest('The multipart body ended before its closing boundary.');
  return form;
}

function partFromHeaders(text: string): { field: string; filename?: string; mediaType: string; chunks: Buffer[] } {
  let field: string | undefined;
  let filename: string | undefined;
  let mediaType = 'application/octet-stream';
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') {
      field = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? /(?:^|;)\s*name=([^;\s]+)/i.exec(value)?.[1];
      filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(value)?.[1] ?? /(?:^|;)\s*filename=([^;\s]+)/i.exec(value)?.[1];
    } else if (name === 'content-type') mediaType = value.toLowerCase();
  }
  if (field === undefined) throw GatewayError.invalidRequest('A multipart part has no content-disposition name.');
  return { field, filename, mediaType, chunks: [] };
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError({ status: 413, code: 'payload_too_large', message: `The request body exceeds the gateway's limit of ${limit} bytes.` });
}
