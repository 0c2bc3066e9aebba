import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderName } from './faults.ts';
import type { Prompt } from './prompt.ts';
import type { ReplyPlan } from './plan-reply.ts';

/** Why the emulator answers with an error; each dialect renders it in its provider's own shape. */
export type ErrorReason =
  | 'missing_key'
  | 'invalid_key'
  | 'model_not_found'
  | 'invalid_json'
  | 'invalid_request'
  | 'not_found'
  | 'injected';

/** An error response to render; thrown by parsers, built by the request pipeline. */
export class EmulatedError extends Error {
  readonly status: number;
  readonly reason: ErrorReason;
  readonly param?: string;
  readonly retryAfter?: number;
  readonly model?: string;

  constructor(init: { status: number; reason: ErrorReason; message?: string; param?: string; retryAfter?: number; model?: string }) {
    super(init.message ?? '');
    this.status = init.status;
    this.reason = init.reason;
    this.param = init.param;
    this.retryAfter = init.retryAfter;
    this.model = init.model;
  }
}

export type RenderedError = { headers: Record<string, string>; body: string };

/** Facts about one call a dialect needs to render it. */
export type CallContext = {
  prompt: Prompt;
  plan: ReplyPlan;
  /** Gemini's two stream framings: SSE (`alt=sse`) or an incrementally sent JSON array. */
  sse: boolean;
};

/**
 * Everything that differs between the three emulated providers. The request pipeline
 * (`handle-call.ts`) and the stream writer (`http-io.ts`) are shared.
 */
export type Dialect = {
  provider: ProviderName;
  apiKey(headers: IncomingHttpHeaders, url: URL): string | undefined;
  /** Header checks beyond the key (Anthropic requires `anthropic-version`). */
  checkHeaders?(headers: IncomingHttpHeaders): EmulatedError | undefined;
  /** A parsed JSON body into a Prompt; throws EmulatedError for what the provider would reject. */
  parse(body: unknown, route: { model?: string; stream: boolean }): Prompt;
  /** Extra validation needing the raw body (Anthropic's thinking-signature check). */
  verify?(body: unknown): EmulatedError | undefined;
  /** Response headers every answer carries (request ids, rate limits). */
  headers(): Record<string, string>;
  renderJson(call: CallContext): unknown;
  renderStream(call: CallContext): Generator<string>;
  streamContentType(sse: boolean): string;
  /** The frame a provider sends for an error inside a 200 stream, where it has one. */
  inBandError(sse: boolean): string | undefined;
  renderError(error: EmulatedError): RenderedError;
};
