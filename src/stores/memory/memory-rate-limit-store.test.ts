import { describeRateLimitStoreContract } from '../rate-limit-store.contract.ts';
import { MemoryRateLimitStore } from './memory-rate-limit-store.ts';

describeRateLimitStoreContract('in memory', async ({ now }) => new MemoryRateLimitStore({ now }));
