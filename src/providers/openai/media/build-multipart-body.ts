import { randomBytes } from 'node:crypto';
import type { MediaFile } from '../../../core/media.ts';

/** One form field: text, or an inline file with its name. */
export type FormPart = { name: string; value: string } | { name: string; file: Extract<MediaFile, { kind: 'inline' }>; filename: string };

/**
 * A `multipart/form-data` body (RFC 7578) as bytes, for OpenAI's upload endpoints
 * (`/images/edits`, `/audio/transcriptions`). The boundary is random, so it cannot occur in a file.
 */
export function buildMultipartBody(parts: readonly FormPart[]): { contentType: string; body: Uint8Array } {
  const boundary = `switchyard-${randomBytes(12).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  const text = (value: string) => chunks.push(Buffer.from(value, 'utf8'));
  for (const part of parts) {
    text(`--${boundary}\r\n`);
    if ('value' in part) {
      text(`content-disposition: form-data; name="${quote(part.name)}"\r\n\r\n${part.value}\r\n`);
    } else {
      text(`content-disposition: form-data; name="${quote(part.name)}"; filename="${quote(part.filename)}"\r\ncontent-type: ${part.file.mediaType}\r\n\r\n`);
      chunks.push(part.file.data);
      text('\r\n');
    }
  }
  text(`--${boundary}--\r\n`);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** Quotes and line breaks cannot appear inside a quoted header parameter. */
function quote(value: string): string {
  return value.replace(/["\r\n]/g, '_');
}

/** A file name with the extension of its media type, for providers that sniff the format from it (OpenAI transcriptions). */
export function filenameFor(field: string, mediaType: string): string {
  const subtype = mediaType.split('/')[1]?.split(';')[0] ?? 'bin';
  const extension = ({ mpeg: 'mp3', 'x-wav': 'wav', wave: 'wav', 'x-m4a': 'm4a', ogg: 'ogg' } as Record<string, string>)[subtype] ?? subtype;
  return `${field}.${extension}`;
}
