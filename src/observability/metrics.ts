import { Counter, Histogram, type MetricFamily } from './prometheus-exposition.ts';
import type { RequestLogEntry } from './request-log-entry.ts';

/** Latency buckets in seconds: agent calls run from sub-second to minutes-long reasoning. */
const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];
const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 3, 5, 10, 30];

/**
 * The gateway's Prometheus metrics, fed one finished request at a time. Labels are the serving
 * provider and catalog model (`none` when nothing served the request), never the requested
 * model as written: clients can send any string there, and each would become a time series.
 */
export class Metrics {
  readonly #requests = new Counter('switchyard_requests_total', 'Requests answered, by serving provider, model and HTTP status.', ['provider', 'model', 'status']);
  readonly #errors = new Counter('switchyard_errors_total', 'Requests that failed, by serving provider, model and gateway error code.', ['provider', 'model', 'code']);
  readonly #attempts = new Counter('switchyard_upstream_attempts_total', 'Upstream attempts (failover shows as more than one per request), by provider and status.', ['provider', 'status']);
  readonly #tokens = new Counter('switchyard_tokens_total', 'Tokens by type: input, output (both totals), cached_read, cache_write (of input), reasoning (of output).', ['provider', 'model', 'type']);
  readonly #cost = new Counter('switchyard_cost_nanodollars_total', 'Known cost of served requests in nano-dollars (1e-9 USD).', ['provider', 'model']);
  readonly #duration = new Histogram('switchyard_request_duration_seconds', 'Time from request arrival to the end of the response.', ['provider', 'model'], DURATION_BUCKETS);
  readonly #ttft = new Histogram('switchyard_time_to_first_token_seconds', 'Time from request arrival to the first streamed token.', ['provider', 'model'], TTFT_BUCKETS);
  readonly #families: MetricFamily[] = [this.#requests, this.#errors, this.#attempts, this.#tokens, this.#cost, this.#duration, this.#ttft];

  /** Counts one finished request. */
  observe(entry: RequestLogEntry): void {
    const provider = entry.provider ?? 'none';
    const model = entry.model ?? 'none';
    this.#requests.inc({ provider, model, status: String(entry.status) });
    if (entry.status >= 400) this.#errors.inc({ provider, model, code: entry.errorCode ?? 'unknown' });
    for (const attempt of entry.attempts) this.#attempts.inc({ provider: attempt.provider, status: String(attempt.status) });
    const { tokens } = entry;
    const byType: Array<[string, number]> = [
      ['input', tokens.input],
      ['output', tokens.output],
      ['cached_read', tokens.cachedRead],
      ['cache_write', tokens.cacheWrite],
      ['reasoning', tokens.reasoning],
    ];
    for (const [type, count] of byType) if (count > 0) this.#tokens.inc({ provider, model, type }, count);
    if (entry.costNanos !== null && entry.costNanos > 0) this.#cost.inc({ provider, model }, entry.costNanos);
    this.#duration.observe({ provider, model }, entry.latencyMs / 1000);
    if (entry.ttftMs !== null) this.#ttft.observe({ provider, model }, entry.ttftMs / 1000);
  }

  /** Every metric in the Prometheus text exposition format 0.0.4. */
  render(): string {
    return this.#families.map((family) => family.render()).join('');
  }
}
