import type { FileStore } from '../../jobs/files/file-store.ts';
import { checkFileLink } from '../../jobs/files/file-links.ts';

/**
 * Replaces gateway file links in a run's input (`…/v1/files/{id}?expires&sig`, as an earlier
 * run answered) with the file's bytes as a `data:` URI: a provider cannot reach a gateway on a
 * private network, and the link may expire before a slow job starts. Other values pass as is.
 */
export async function resolveFileInputs(input: Record<string, unknown>, files: FileStore, linkSecret: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    out[name] = typeof value === 'string' ? await resolveOne(value, files, linkSecret) : value;
  }
  return out;
}

async function resolveOne(value: string, files: FileStore, linkSecret: string): Promise<string> {
  const match = /^https?:\/\/[^/]+\/v1\/files\/(file_[A-Za-z0-9_-]+)\?(.*)$/.exec(value);
  if (!match) return value;
  const query = new URLSearchParams(match[2]);
  if (checkFileLink(match[1], query.get('expires'), query.get('sig'), linkSecret, Math.floor(Date.now() / 1000)) !== 'ok') return value;
  const file = await files.get(match[1]);
  return file ? `data:${file.mediaType};base64,${Buffer.from(file.data).toString('base64')}` : value;
}
