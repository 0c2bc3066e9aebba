import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FileStore } from './file-store.ts';

export type FileStoreHarness = { store: FileStore; close(): Promise<void> };

/** The behaviour every `FileStore` must have. */
export function describeFileStoreContract(name: string, makeStore: () => Promise<FileStoreHarness>): void {
  describe(`FileStore contract: ${name}`, () => {
    let harness: FileStoreHarness;
    beforeEach(async () => {
      harness = await makeStore();
    });
    afterEach(() => harness.close());

    it('gives back stored bytes exactly, with their content type', async () => {
      const bytes = new Uint8Array(256).map((_, n) => n);
      await harness.store.put('file_binary01', bytes, 'image/png');
      const stored = await harness.store.get('file_binary01');
      assert.equal(stored?.mediaType, 'image/png');
      assert.deepEqual(Buffer.from(stored!.data), Buffer.from(bytes));
    });

    it('answers undefined for an unknown id and for something that is not a file id', async () => {
      assert.equal(await harness.store.get('file_missing01'), undefined);
      assert.equal(await harness.store.get('../switchyard.sqlite'), undefined);
    });

    it('replaces a file stored twice under one id, and holds a few megabytes', async () => {
      await harness.store.put('file_replaced', new Uint8Array([1]), 'audio/wav');
      const big = new Uint8Array(3 * 1024 * 1024).fill(7);
      await harness.store.put('file_replaced', big, 'video/mp4');
      const stored = await harness.store.get('file_replaced');
      assert.equal(stored?.mediaType, 'video/mp4');
      assert.equal(stored?.data.byteLength, big.byteLength);
    });

    it('refuses to store under something that is not a file id', async () => {
      await assert.rejects(harness.store.put('../escape', new Uint8Array([1]), 'text/plain'));
    });
  });
}
