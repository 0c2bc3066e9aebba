import type { ServerResponse } from 'node:http';
import type { EmulatorState } from './emulator-state.ts';
import { parseFault, type ProviderName } from './faults.ts';
import { sendJson } from './http-io.ts';
import { emulatedCompatibleProviders } from './compatible-routes.ts';

const providers: readonly string[] = ['openai', 'anthropic', 'google', 'bedrock', 'vertex', 'azure', ...emulatedCompatibleProviders.map((row) => row.id)];

/**
 * `/_emulator/*`: the control API tests and chaos runs use when a gateway sits between
 * them and the emulator (a gateway does not forward `x-emulator-fault`).
 */
export function handleControl(method: string, path: string, raw: string, state: EmulatorState, res: ServerResponse): void {
  let body: Record<string, unknown> = {};
  try {
    if (raw) body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return sendJson(res, 400, { error: 'body is not valid JSON' });
  }
  const provider = body.provider as ProviderName | undefined;
  if (provider !== undefined && !providers.includes(provider)) return sendJson(res, 400, { error: `provider must be one of ${providers.join(', ')}` });

  switch (`${method} ${path}`) {
    case 'POST /_emulator/faults': {
      if (typeof body.fault !== 'object' || body.fault === null) return sendJson(res, 400, { error: 'fault (an object) is required' });
      const times = body.times === undefined ? 1 : Number(body.times);
      if (!Number.isInteger(times) || times < 1) return sendJson(res, 400, { error: 'times must be a positive integer' });
      try {
        const fault = parseFault(body.fault as Record<string, unknown>);
        state.faults.push({ provider, model: typeof body.model === 'string' ? body.model : undefined, fault, times });
      } catch (error) {
        return sendJson(res, 400, { error: (error as Error).message });
      }
      return sendJson(res, 201, { queued: state.faults.list() });
    }
    case 'GET /_emulator/faults':
      return sendJson(res, 200, { queued: state.faults.list() });
    case 'DELETE /_emulator/faults':
      state.faults.clear();
      return sendJson(res, 200, { queued: [] });
    case 'POST /_emulator/reply':
      if (typeof body.text !== 'string') return sendJson(res, 400, { error: 'text (a string) is required' });
      state.queueReply(body.text, provider);
      return sendJson(res, 201, { ok: true });
    case 'GET /_emulator/requests':
      return sendJson(res, 200, { requests: state.requests() });
    case 'DELETE /_emulator/requests':
      state.clearRequests();
      return sendJson(res, 200, { requests: [] });
    case 'POST /_emulator/reset':
      state.reset();
      return sendJson(res, 200, { ok: true });
    default:
      return sendJson(res, 404, { error: `no control route ${method} ${path}` });
  }
}
