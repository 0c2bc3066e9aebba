import type { JobAdapter } from '../providers/job-adapter.ts';
import { veoJobAdapter } from '../providers/google/veo/veo-job-adapter.ts';
import { replicateJobAdapter, replicateModels } from '../providers/replicate/index.ts';

/**
 * The long-running adapter for a provider's model, where it has one: every Replicate model
 * (predictions), and Veo on the Gemini API. Synchronous media go through `mediaAdapterFor`.
 */
export function jobAdapterFor(providerId: string, upstreamModel: string): JobAdapter | undefined {
  if (providerId === 'replicate') return replicateJobAdapter(upstreamModel);
  if (providerId === 'google' && upstreamModel.startsWith('veo-')) return veoJobAdapter;
  return undefined;
}

/** Whether `/v1/run` should wait for the model's answer (Replicate's quick image models) rather than answer 202. */
export function answersSynchronously(providerId: string, upstreamModel: string): boolean {
  return providerId === 'replicate' && (replicateModels[upstreamModel]?.sync ?? false);
}
