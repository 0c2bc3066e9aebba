import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedError } from './dialect.ts';
import type { EmulatorState } from './emulator-state.ts';
import { parseFault, type Fault, type ProviderName } from './faults.ts';
import { sleep } from './http-io.ts';

/**
 * The fault for one call: the `x-emulator-fault` header when sent, else the next one queued
 * through the control API for this provider and model. A malformed header is the 400 to answer.
 */
export function takeFault(req: IncomingMessage, state: EmulatorState, provider: ProviderName, model: string): Fault | EmulatedError {
  try {
    const header = req.headers['x-emulator-fault'];
    return typeof header === 'string' ? parseFault(header) : (state.faults.take(provider, model) ?? {});
  } catch (error) {
    return new EmulatedError({ status: 400, reason: 'invalid_request', message: `x-emulator-fault: ${(error as Error).message}` });
  }
}

/** The provider's own error for an injected `status` (anything but 200), with its `retry_after`. */
export function injectedError(fault: Fault): EmulatedError | undefined {
  if (fault.status === undefined || fault.status === 200) return undefined;
  return new EmulatedError({ status: fault.status, reason: 'injected', retryAfter: fault.retry_after });
}

/**
 * For a call answered whole (embeddings): takes its fault and acts out what happens before the
 * answer, in a real provider's order: a stall, then the injected error or a cut connection.
 * Returns the error to reply with, `'ended'` when nothing more is to be sent, or undefined to answer.
 */
export async function faultBeforeWholeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  call: { state: EmulatorState; provider: ProviderName; model: string; signal: AbortSignal },
): Promise<EmulatedError | 'ended' | undefined> {
  const fault = takeFault(req, call.state, call.provider, call.model);
  if (fault instanceof EmulatedError) return fault;
  if (fault.stall_ms !== undefined) await sleep(fault.stall_ms, call.signal);
  if (res.destroyed || call.signal.aborted) return 'ended';
  const injected = injectedError(fault);
  if (injected) return injected;
  if (fault.cut_after_events !== undefined) {
    res.socket?.destroy();
    return 'ended';
  }
  return undefined;
}
