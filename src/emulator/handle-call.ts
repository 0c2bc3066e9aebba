import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dialect } from './dialect.ts';
import { EmulatedError } from './dialect.ts';
import type { EmulatorState } from './emulator-state.ts';
import { abortOnClose, parseJsonBody, sendBody, sleep, writeStream } from './http-io.ts';
import { planReply } from './plan-reply.ts';
import { injectedError, takeFault } from './call-fault.ts';

export type CallRoute = {
  dialect: Dialect;
  /** From the path, for Gemini; from the body otherwise. */
  model?: string;
  /** From the path, for Gemini; from the body otherwise. */
  stream?: boolean;
  sse: boolean;
};

export type CallOptions = { state: EmulatorState; chunkDelayMs: number; signal: AbortSignal };

/**
 * One model call, in the order a real provider would fail it: injected fault, key,
 * headers, JSON, fields, model; then the deterministic reply, whole or streamed.
 */
export async function handleCall(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, route: CallRoute, options: CallOptions): Promise<void> {
  const { dialect } = route;
  const { state } = options;
  const { body, json } = parseJsonBody(raw);
  const path = url.pathname + stripKey(url.search);
  state.record({ provider: dialect.provider, method: req.method ?? 'POST', path, headers: req.headers, body: body ?? null });

  const bodyModel = typeof (body as { model?: unknown } | undefined)?.model === 'string' ? (body as { model: string }).model : '';
  const model = route.model ?? bodyModel;
  const signal = AbortSignal.any([options.signal, abortOnClose(res)]);
  const reply = (error: EmulatedError): void => {
    const rendered = dialect.renderError(error);
    sendBody(res, error.status, { ...dialect.headers(), ...rendered.headers }, rendered.body);
  };

  const fault = takeFault(req, state, dialect.provider, model);
  if (fault instanceof EmulatedError) return reply(fault);

  if (fault.stall_ms !== undefined && fault.stall_after_events === undefined) await sleep(fault.stall_ms, signal);
  if (res.destroyed || signal.aborted) return;
  const injected = injectedError(fault);
  if (injected) return reply(injected);

  try {
    const key = dialect.apiKey(req.headers, url);
    if (key === undefined) throw new EmulatedError({ status: dialect.provider === 'google' ? 403 : 401, reason: 'missing_key' });
    if (key.startsWith('invalid')) throw new EmulatedError({ status: dialect.provider === 'google' ? 400 : 401, reason: 'invalid_key' });
    const headerError = dialect.checkHeaders?.(req.headers);
    if (headerError) throw headerError;
    if (!json) throw new EmulatedError({ status: 400, reason: 'invalid_json' });
    const prompt = dialect.parse(body, { model: route.model, stream: route.stream ?? false });
    if (prompt.model.startsWith('missing')) throw new EmulatedError({ status: 404, reason: 'model_not_found', model: prompt.model });
    const verifyError = dialect.verify?.(body);
    if (verifyError) throw verifyError;

    const plan = planReply(prompt, state.cache, state.takeReply(dialect.provider));
    const call = { prompt, plan, sse: route.sse };
    if (!prompt.stream) {
      // A mid-stream cut on a whole response drops the connection before any answer.
      if (fault.cut_after_events !== undefined) return void res.socket?.destroy();
      return sendBody(res, 200, { ...dialect.headers(), 'content-type': 'application/json' }, JSON.stringify(dialect.renderJson(call), null, 2));
    }
    const headers = { ...dialect.headers(), 'content-type': dialect.streamContentType(route.sse), 'cache-control': 'no-cache', connection: 'keep-alive' };
    await writeStream(res, headers, dialect.renderStream(call), {
      fault,
      delayMs: options.chunkDelayMs,
      inBandError: dialect.inBandError(route.sse),
      signal,
    });
  } catch (error) {
    if (error instanceof EmulatedError) return reply(error);
    throw error;
  }
}

function stripKey(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('key');
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}
