import { GatewayError } from '../../core/errors.ts';
import type { ProviderAdapter } from '../provider-adapter.ts';
import type { ProviderDefinition } from '../provider-table.ts';

export { replicateJobAdapter } from './replicate-job-adapter.ts';
export { replicateModels } from './replicate-models.ts';

/** Replicate serves no chat: any chat call routed here is a clear 400. */
const noChat: ProviderAdapter = {
  family: 'replicate',
  wireFormat: 'openai-chat',
  buildRequest() {
    throw GatewayError.unsupported('Chat completions', 'replicate', 'model');
  },
  parseResponse() {
    throw GatewayError.unsupported('Chat completions', 'replicate', 'model');
  },
  parseStream() {
    throw GatewayError.unsupported('Chat completions', 'replicate', 'model');
  },
  parseError(status, _headers, body) {
    return new GatewayError({ status, code: 'upstream_error', provider: 'replicate', message: body.slice(0, 500) });
  },
};

/** Replicate (`REPLICATE_API_TOKEN`, `REPLICATE_BASE_URL`): media models run as predictions through `/v1/run`. */
export const replicateProvider: ProviderDefinition = {
  id: 'replicate',
  displayName: 'Replicate',
  adapterFor: () => noChat,
  settingsFromEnv(env) {
    const apiKey = env.REPLICATE_API_TOKEN?.trim();
    if (!apiKey) return undefined;
    return { id: 'replicate', apiKey, baseUrl: env.REPLICATE_BASE_URL?.trim() || 'https://api.replicate.com' };
  },
};
