import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isFileId, type FileStore, type StoredFile } from './file-store.ts';

/** The default folder for files, relative to the working directory (beside `./data/switchyard.sqlite`). */
export const DEFAULT_FILES_DIR = './data/files';

/**
 * Files on local disk: `<dir>/<id>` holds the bytes and `<dir>/<id>.type` the content type.
 * Written to a temporary name and renamed, so a reader never sees half a file.
 */
export class LocalFileStore implements FileStore {
  readonly #dir: string;

  constructor(dir: string = DEFAULT_FILES_DIR) {
    this.#dir = resolve(dir);
  }

  async put(id: string, data: Uint8Array, mediaType: string): Promise<void> {
    const path = this.#path(id);
    if (!path) throw new RangeError(`Not a file id: ${id}`);
    await mkdir(this.#dir, { recursive: true });
    await writeFile(`${path}.type`, mediaType);
    await writeFile(`${path}.partial`, data);
    await rename(`${path}.partial`, path);
  }

  async get(id: string): Promise<StoredFile | undefined> {
    const path = this.#path(id);
    if (!path) return undefined;
    try {
      const [data, mediaType] = await Promise.all([readFile(path), readFile(`${path}.type`, 'utf8')]);
      return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mediaType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  #path(id: string): string | undefined {
    return isFileId(id) ? join(this.#dir, id) : undefined;
  }
}
