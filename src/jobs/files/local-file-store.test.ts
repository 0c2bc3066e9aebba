import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFileStoreContract } from './file-store.contract.ts';
import { LocalFileStore } from './local-file-store.ts';

describeFileStoreContract('local disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-files-'));
  return { store: new LocalFileStore(join(dir, 'files')), close: async () => rmSync(dir, { recursive: true, force: true }) };
});
