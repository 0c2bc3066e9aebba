import { FaultQueue, type ProviderName } from './faults.ts';
import { PromptCache } from './prompt-cache.ts';

/** One upstream call as the emulator received it; secrets are removed. */
export type RecordedRequest = {
  provider: ProviderName;
  method: string;
  /** Path and query, without a `key` query parameter. */
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON; null for bodiless requests. */
  body: unknown;
  receivedAt: string;
};

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'proxy-authorization', 'cookie']);
const MAX_RECORDED = 1000;

/** Everything the control API changes, shared by all requests of one emulator. */
export class EmulatorState {
  readonly faults = new FaultQueue();
  readonly cache = new PromptCache();
  #requests: RecordedRequest[] = [];
  #replies: Array<{ text: string; provider?: ProviderName }> = [];

  record(entry: Omit<RecordedRequest, 'headers' | 'receivedAt'> & { headers: Record<string, string | string[] | undefined> }): void {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(entry.headers)) {
      if (value !== undefined && !SECRET_HEADERS.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.#requests.push({ ...entry, headers, receivedAt: new Date().toISOString() });
    if (this.#requests.length > MAX_RECORDED) this.#requests.shift();
  }

  requests(): RecordedRequest[] {
    return [...this.#requests];
  }

  clearRequests(): void {
    this.#requests = [];
  }

  /** Queues a reply text for the next request (to `provider`, when given). */
  queueReply(text: string, provider?: ProviderName): void {
    this.#replies.push({ text, provider });
  }

  takeReply(provider: ProviderName): string | undefined {
    const index = this.#replies.findIndex((reply) => reply.provider === undefined || reply.provider === provider);
    return index < 0 ? undefined : this.#replies.splice(index, 1)[0].text;
  }

  reset(): void {
    this.faults.clear();
    this.cache.clear();
    this.#requests = [];
    this.#replies = [];
  }
}
