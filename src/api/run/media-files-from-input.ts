import { GatewayError } from '../../core/errors.ts';
import type { MediaFile } from '../../core/media.ts';
import type { ParameterSchema } from '../../media/parameter-schema.ts';

/**
 * Splits a run's `input` for a synchronous media model: the model's `file` parameters (the image
 * to edit, the audio to transcribe) become the request's files, as `/v1/images/edits` and
 * `/v1/audio/transcriptions` carry them, and everything else stays input. A `data:` URI (what a
 * gateway file link was resolved to) becomes inline bytes; an http(s) URL stays a URL, which
 * each media adapter accepts or refuses by name.
 */
export function mediaFilesFromInput(input: Record<string, unknown>, schema: ParameterSchema | undefined): { input: Record<string, unknown>; files: Record<string, MediaFile> } {
  const rest: Record<string, unknown> = {};
  const files: Record<string, MediaFile> = {};
  for (const [name, value] of Object.entries(input)) {
    if (schema?.properties[name]?.type !== 'file') {
      rest[name] = value;
      continue;
    }
    const file = typeof value === 'string' ? toMediaFile(value) : undefined;
    if (!file) throw GatewayError.invalidRequest(`Parameter '${name}' must be a file: an https URL, a data: URI, or a gateway file link.`, `input.${name}`);
    files[name] = file;
  }
  return { input: rest, files };
}

function toMediaFile(value: string): MediaFile | undefined {
  const data = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(value);
  if (data) {
    const bytes = data[2] ? Buffer.from(data[3], 'base64') : Buffer.from(decodeURIComponent(data[3]), 'utf8');
    return { kind: 'inline', mediaType: data[1] ?? 'application/octet-stream', data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  return /^https?:\/\//.test(value) ? { kind: 'url', url: value } : undefined;
}
