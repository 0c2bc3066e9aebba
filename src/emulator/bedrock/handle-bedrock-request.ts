import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedError } from '../dialect.ts';
import type { EmulatorState } from '../emulator-state.ts';
import type { ProviderName } from '../faults.ts';
import { abortOnClose, parseJsonBody, sendBody, sleep, writeStream } from '../http-io.ts';
import { planReply } from '../plan-reply.ts';
import { injectedError, takeFault } from '../call-fault.ts';
import { bedrockAuthError } from './bedrock-auth.ts';
import { renderBedrockError, requestIdHeaders } from './bedrock-errors.ts';
import { exceptionFrame } from './event-frames.ts';
import { parseConversePrompt, verifyConverseSignatures } from './parse-converse-prompt.ts';
import { renderConverseJson, renderConverseStream } from './render-converse.ts';

export type BedrockCallOptions = { state: EmulatorState; chunkDelayMs: number; signal: AbortSignal };

// `ProviderName` has no 'bedrock' yet; the fault queue and request log take it all the same.
const provider: ProviderName = 'bedrock';

const routePattern = /^\/bedrock\/model\/([^/]+)\/(converse|converse-stream)$/;

/**
 * The emulated Bedrock runtime under `/bedrock`: `POST /bedrock/model/{modelId}/converse` and
 * `/converse-stream` (binary event-stream frames). Requests must be SigV4-signed (the signature
 * itself is not checked) or carry a Bedrock API key (`Authorization: Bearer`). Same behaviour,
 * faults and control API as the other emulated providers; `raw` is the already-read body.
 */
export async function handleBedrockRequest(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, options: BedrockCallOptions): Promise<void> {
  const { state } = options;
  const { body, json } = parseJsonBody(raw);
  state.record({ provider, method: req.method ?? 'POST', path: url.pathname + url.search, headers: req.headers, body: body ?? null });
  const reply = (error: EmulatedError, type?: string): void => {
    const rendered = renderBedrockError(error, type);
    sendBody(res, rendered.status, rendered.headers, rendered.body);
  };

  const match = routePattern.exec(url.pathname);
  if (req.method !== 'POST' || !match) {
    return reply(new EmulatedError({ status: 404, reason: 'not_found', message: `No route for ${req.method} ${url.pathname}.` }), 'UnknownOperationException');
  }
  const model = decodeURIComponent(match[1]);
  const stream = match[2] === 'converse-stream';
  const signal = AbortSignal.any([options.signal, abortOnClose(res)]);

  const fault = takeFault(req, state, provider, model);
  if (fault instanceof EmulatedError) return reply(fault);
  if (fault.stall_ms !== undefined && fault.stall_after_events === undefined) await sleep(fault.stall_ms, signal);
  if (res.destroyed || signal.aborted) return;
  const injected = injectedError(fault);
  if (injected) return reply(injected);

  const denied = bedrockAuthError(req.headers, raw);
  if (denied) return reply(denied.error, denied.type);
  try {
    if (!json) throw new EmulatedError({ status: 400, reason: 'invalid_json' });
    const prompt = parseConversePrompt(body, model, stream);
    // Bedrock answers an unknown model id with a 400, not a 404 (error-400-invalid-model-converse.vcr.yaml).
    if (model.startsWith('missing')) throw new EmulatedError({ status: 400, reason: 'model_not_found', model });
    const signatureError = verifyConverseSignatures(body);
    if (signatureError) throw signatureError;

    const plan = planReply(prompt, state.cache, state.takeReply(provider));
    if (!stream) {
      if (fault.cut_after_events !== undefined) return void res.socket?.destroy();
      return sendBody(res, 200, { ...requestIdHeaders(), 'content-type': 'application/json' }, JSON.stringify(renderConverseJson(plan)));
    }
    await writeStream(res, { ...requestIdHeaders(), 'content-type': 'application/vnd.amazon.eventstream' }, renderConverseStream(plan), {
      fault,
      delayMs: options.chunkDelayMs,
      inBandError: exceptionFrame('modelStreamErrorException', 'The model encountered an error while streaming the response.'),
      signal,
    });
  } catch (error) {
    if (error instanceof EmulatedError) return reply(error);
    throw error;
  }
}
