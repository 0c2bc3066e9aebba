import { createResumableFetch } from './resumable-fetch.ts';
import { splitSseFrames } from '../streams/split-sse-frames.ts';
import type { InputFor, ModelInputs } from './model-inputs.ts';

export type { ModelInputs, InputFor } from './model-inputs.ts';

/** A run's or job's state, as `/v1/run` and `/v1/jobs/{id}` answer it. */
export type SwitchyardJob = {
  id: string;
  object: 'job';
  model: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
  output?: { files: Array<{ url: string; content_type: string; bytes: number }>; text?: string; data?: Record<string, unknown> };
  error?: { code: string; message: string };
  created_at: number;
  completed_at: number | null;
  cost_usd: number | null;
  /** Present when a webhook was asked for and the gateway signs per account. */
  webhook_secret?: string;
};

export type RunOptions = {
  /** Called with the finished job, signed with `x-switchyard-signature`. */
  webhook?: string;
  /** Files as gateway links (default) or inline `data:` URIs. */
  output?: 'url' | 'inline';
  /** Wait for a 202 job to finish (default true); false returns the queued job. */
  wait?: boolean;
} & WaitOptions;

export type WaitOptions = { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal };

/** A gateway error, with the status and machine code of its `{error: {...}}` body. */
export class SwitchyardError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly param?: string;
  constructor(status: number, body: { error?: { message?: string; code?: string; type?: string; param?: string | null } } | undefined, fallback: string) {
    super(body?.error?.message ?? fallback);
    this.name = 'SwitchyardError';
    this.status = status;
    this.code = body?.error?.code ?? body?.error?.type;
    this.param = body?.error?.param ?? undefined;
  }
}

/**
 * A small client for a Switchyard gateway: `run` any media model (waiting for slow ones),
 * `chat` and `stream` in OpenAI's chat shape (streams resume across dropped connections),
 * and `jobs` to look after long-running work.
 */
export class Switchyard {
  readonly baseURL: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #resumable: typeof fetch;

  constructor(options: { baseURL: string; apiKey?: string; fetch?: typeof fetch }) {
    this.baseURL = options.baseURL.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#resumable = createResumableFetch({ baseFetch: this.#fetch });
  }

  /** Runs a media model. A synchronous model's answer comes back as is; a job is waited for unless `wait: false`. */
  async run<M extends keyof ModelInputs | (string & {})>(model: M, input: InputFor<M>, options: RunOptions = {}): Promise<SwitchyardJob> {
    const job = await this.#json<SwitchyardJob>('POST', `/v1/run/${model}`, { input, ...(options.webhook ? { webhook: options.webhook } : {}), ...(options.output ? { output: options.output } : {}) }, options.signal);
    if (options.wait === false || isFinal(job.status)) return job;
    return this.jobs.wait(job.id, options);
  }

  /** `POST /v1/chat/completions` with an OpenAI chat body; the parsed JSON answer. */
  chat(body: Record<string, unknown> & { model: string; messages: unknown[] }, options: { signal?: AbortSignal } = {}): Promise<any> {
    return this.#json('POST', '/v1/chat/completions', { ...body, stream: false }, options.signal);
  }

  /** A streamed chat completion as its chunks; a dropped connection resumes from the last chunk. */
  async *stream(body: Record<string, unknown> & { model: string; messages: unknown[] }, options: { signal?: AbortSignal } = {}): AsyncGenerator<any> {
    const response = await this.#resumable(`${this.baseURL}/v1/chat/completions`, { method: 'POST', headers: this.#headers(), body: JSON.stringify({ ...body, stream: true }), signal: options.signal });
    if (!response.ok || !response.body) throw await errorOf(response);
    for await (const frame of splitSseFrames(response.body as unknown as AsyncIterable<Uint8Array>)) {
      const data = frame
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data === '' || data === '[DONE]') continue;
      yield JSON.parse(data);
    }
  }

  readonly jobs = {
    /** The job's current state. */
    get: (id: string, options: { output?: 'url' | 'inline'; signal?: AbortSignal } = {}): Promise<SwitchyardJob> =>
      this.#json('GET', `/v1/jobs/${encodeURIComponent(id)}${options.output === 'inline' ? '?output=inline' : ''}`, undefined, options.signal),
    /** Asks the gateway to stop the job. */
    cancel: (id: string): Promise<SwitchyardJob> => this.#json('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`),
    /** Polls until the job is final (every `intervalMs`, 1 s by default); throws after `timeoutMs` (10 min). */
    wait: async (id: string, options: WaitOptions = {}): Promise<SwitchyardJob> => {
      const deadline = Date.now() + (options.timeoutMs ?? 600_000);
      for (;;) {
        const job = await this.jobs.get(id, { signal: options.signal });
        if (isFinal(job.status)) return job;
        if (Date.now() >= deadline) throw new SwitchyardError(408, { error: { message: `Job ${id} is still ${job.status} after ${options.timeoutMs ?? 600_000} ms.`, code: 'timeout' } }, 'timeout');
        await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000));
      }
    },
  };

  #headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {}) };
  }

  async #json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await this.#fetch(`${this.baseURL}${path}`, { method, headers: this.#headers(), body: body === undefined ? undefined : JSON.stringify(body), signal });
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as T;
  }
}

function isFinal(status: SwitchyardJob['status']): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}

async function errorOf(response: Response): Promise<SwitchyardError> {
  const text = await response.text().catch(() => '');
  let body: ConstructorParameters<typeof SwitchyardError>[1];
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return new SwitchyardError(response.status, body, `HTTP ${response.status}: ${text.slice(0, 200)}`);
}
