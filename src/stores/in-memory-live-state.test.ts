import { InMemoryHealthStore } from '../routing/health-store.ts';
import { MemoryStreamBuffers } from '../streams/memory-stream-buffers.ts';
import { describeHealthStoreContract } from './health-store.contract.ts';
import { describeStreamBuffersContract } from './stream-buffers.contract.ts';

// The single-process implementations hold the live state to the same contracts as the Redis ones.
describeStreamBuffersContract('in memory', async () => {
  const buffers = new MemoryStreamBuffers({ maxBytes: 1 << 20, retentionMs: 60_000 });
  return { writer: buffers, open: async (id) => buffers.get(id), close: async () => {} };
});

describeHealthStoreContract('in memory', async (config) => ({ stores: [new InMemoryHealthStore(config)], close: async () => {} }));
