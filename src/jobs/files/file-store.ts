/** A stored file's bytes and content type. */
export type StoredFile = { data: Uint8Array; mediaType: string };

/**
 * Where the gateway keeps the files media models produce (re-hosted from providers' short-lived
 * URLs), so clients fetch them from the gateway through expiring signed links
 * (`GET /v1/files/{id}?expires&sig`). Contract: `file-store.contract.ts`.
 */
export interface FileStore {
  /** Stores `data` under `id`; the same id again replaces it. */
  put(id: string, data: Uint8Array, mediaType: string): Promise<void>;
  /** The file, or undefined when there is none under `id`. */
  get(id: string): Promise<StoredFile | undefined>;
}

/** File ids are `file_` and base64url: safe as a path segment and an object key. */
export function isFileId(id: string): boolean {
  return /^file_[A-Za-z0-9_-]{8,64}$/.test(id);
}
