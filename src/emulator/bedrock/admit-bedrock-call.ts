import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedError } from '../dialect.ts';
import type { EmulatorState } from '../emulator-state.ts';
import type { Fault, ProviderName } from '../faults.ts';
import { abortOnClose, parseJsonBody, sendBody, sleep, writeStream } from '../http-io.ts';
import { injectedError, takeFault } from '../call-fault.ts';
import { bedrockAuthError } from './bedrock-auth.ts';
import { renderBedrockError, requestIdHeaders } from './bedrock-errors.ts';
import { exceptionFrame } from './event-frames.ts';

export type BedrockCallOptions = { state: EmulatorState; chunkDelayMs: number; signal: AbortSignal };

// `ProviderName` has no 'bedrock' yet; the fault queue and request log take it all the same.
export const bedrockProvider: ProviderName = 'bedrock';

/** A Bedrock call past the preamble: its parsed body, route, fault, and the way to answer with an error. */
export type AdmittedBedrockCall = {
  body: unknown;
  json: boolean;
  model: string;
  stream: boolean;
  signal: AbortSignal;
  fault: Fault;
  reply(error: EmulatedError, type?: string): void;
  /** Sends `frames` as the event-stream answer, acting out the fault's mid-stream parts. */
  streamFrames(frames: Parameters<typeof writeStream>[2]): Promise<void>;
};

/**
 * What every Bedrock runtime operation (Converse, InvokeModel) does first, in the service's
 * order: record the call, match the route (`pattern` captures the model id and the action;
 * `streamAction` is the streaming one), act out a fault (stall, then the injected error), then
 * check auth. Returns undefined when the call has been answered or the client has gone.
 */
export async function admitBedrockCall(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  raw: string,
  options: BedrockCallOptions,
  route: { pattern: RegExp; streamAction: string },
): Promise<AdmittedBedrockCall | undefined> {
  const { state } = options;
  const { body, json } = parseJsonBody(raw);
  state.record({ provider: bedrockProvider, method: req.method ?? 'POST', path: url.pathname + url.search, headers: req.headers, body: body ?? null });
  const reply = (error: EmulatedError, type?: string): void => {
    const rendered = renderBedrockError(error, type);
    sendBody(res, rendered.status, rendered.headers, rendered.body);
  };

  const match = route.pattern.exec(url.pathname);
  if (req.method !== 'POST' || !match) {
    reply(new EmulatedError({ status: 404, reason: 'not_found', message: `No route for ${req.method} ${url.pathname}.` }), 'UnknownOperationException');
    return undefined;
  }
  const model = decodeURIComponent(match[1]);
  const stream = match[2] === route.streamAction;
  const signal = AbortSignal.any([options.signal, abortOnClose(res)]);

  const fault = takeFault(req, state, bedrockProvider, model);
  if (fault instanceof EmulatedError) return void reply(fault);
  if (fault.stall_ms !== undefined && fault.stall_after_events === undefined) await sleep(fault.stall_ms, signal);
  if (res.destroyed || signal.aborted) return undefined;
  const injected = injectedError(fault);
  if (injected) return void reply(injected);
  const denied = bedrockAuthError(req.headers, raw);
  if (denied) return void reply(denied.error, denied.type);
  const streamFrames = (frames: Parameters<typeof writeStream>[2]) =>
    writeStream(res, { ...requestIdHeaders(), 'content-type': 'application/vnd.amazon.eventstream' }, frames, {
      fault,
      delayMs: options.chunkDelayMs,
      inBandError: exceptionFrame('modelStreamErrorException', 'The model encountered an error while streaming the response.'),
      signal,
    });
  return { body, json, model, stream, signal, fault, reply, streamFrames };
}
