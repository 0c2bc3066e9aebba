import type { CompatibleProviderId } from './compatible-routes.ts';

/** Which emulated provider a request went to (OpenAI-compatible ones by their own id, e.g. `groq`). */
export type ProviderName = 'openai' | 'anthropic' | 'google' | 'bedrock' | 'vertex' | 'azure' | CompatibleProviderId;

/**
 * One injected fault. Keys are the same in the `x-emulator-fault` header (query-string
 * syntax) and the control API (JSON). Event counts refer to the stream's events (SSE frames,
 * or array elements of Gemini's JSON stream).
 */
export type Fault = {
  /** Answer with this status and the provider's own error body (200 with `error_after_events` = in-band error). */
  status?: number;
  /** Seconds, sent as `retry-after` (and in Gemini's RetryInfo). */
  retry_after?: number;
  /** Wait this long: before the headers, or mid-stream when `stall_after_events` is set. */
  stall_ms?: number;
  stall_after_events?: number;
  /** Destroy the socket after this many events (0: before any response). */
  cut_after_events?: number;
  /** Delay between stream events. */
  token_delay_ms?: number;
  /** Send the provider's in-band stream error after this many events, then end the stream. */
  error_after_events?: number;
};

const numericKeys = ['status', 'retry_after', 'stall_ms', 'stall_after_events', 'cut_after_events', 'token_delay_ms', 'error_after_events'] as const;

/** Reads a fault from header syntax (`status=429&retry_after=2`) or a JSON object; unknown keys are rejected. */
export function parseFault(input: string | Record<string, unknown>): Fault {
  const entries = typeof input === 'string' ? [...new URLSearchParams(input).entries()] : Object.entries(input);
  const fault: Fault = {};
  for (const [key, raw] of entries) {
    if (!(numericKeys as readonly string[]).includes(key)) throw new Error(`unknown fault key '${key}'`);
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`fault key '${key}' needs a non-negative number`);
    fault[key as (typeof numericKeys)[number]] = value;
  }
  return fault;
}

export type QueuedFault = { provider?: ProviderName; model?: string; fault: Fault; times: number };

/** Faults queued through the control API, consumed in order by the requests they match. */
export class FaultQueue {
  #queue: QueuedFault[] = [];

  push(entry: QueuedFault): void {
    this.#queue.push({ ...entry });
  }

  take(provider: ProviderName, model: string): Fault | undefined {
    const index = this.#queue.findIndex(
      (entry) => (entry.provider === undefined || entry.provider === provider) && (entry.model === undefined || entry.model === model),
    );
    if (index < 0) return undefined;
    const entry = this.#queue[index];
    if (--entry.times <= 0) this.#queue.splice(index, 1);
    return entry.fault;
  }

  list(): QueuedFault[] {
    return this.#queue.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.#queue = [];
  }
}
