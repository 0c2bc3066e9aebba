import type { SpanAttributeValue, SpanData, SpanSink } from './span-data.ts';

export type OtlpTraceExporterOptions = {
  /** The full traces URL, e.g. `http://collector:4318/v1/traces`. */
  url: string;
  /** Extra request headers (collector auth). */
  headers?: Record<string, string>;
  /** `service.name` of the resource (default `switchyard`). */
  serviceName?: string;
  serviceVersion?: string;
  /** Longest a span waits before it is sent (default 2000 ms). */
  flushIntervalMs?: number;
  /** Spans per POST, and a full queue triggers a send (default 256). */
  maxBatch?: number;
  /** Spans held while the collector is unreachable; the oldest are dropped beyond this (default 10,000). */
  maxQueue?: number;
  /** Per-POST timeout (default 10,000 ms). */
  timeoutMs?: number;
  onError?: (error: unknown) => void;
};

// OTLP enum values (opentelemetry-proto trace.proto); the JSON encoding uses the integers.
const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

type AnyValue = { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } | { arrayValue: { values: AnyValue[] } };

function toAnyValue(value: SpanAttributeValue): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
  // int64 travels as a decimal string in OTLP/JSON.
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

function toAttributes(attributes: Record<string, SpanAttributeValue>) {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: toAnyValue(value) }));
}

/** Milliseconds (fractions allowed) to a decimal string of nanoseconds: beyond 2^53, so via BigInt. */
export function msToUnixNanos(ms: number): string {
  const whole = Math.floor(ms);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6))).toString();
}

/** The OTLP/HTTP JSON body for a set of spans (ids stay hex, as the OTLP/JSON mapping requires). */
export function toOtlpJson(spans: readonly SpanData[], resource: { serviceName: string; serviceVersion?: string }): unknown {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: toAttributes({ 'service.name': resource.serviceName, ...(resource.serviceVersion ? { 'service.version': resource.serviceVersion } : {}) }),
        },
        scopeSpans: [
          {
            scope: { name: 'switchyard' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
              name: span.name,
              kind: SPAN_KIND[span.kind],
              startTimeUnixNano: msToUnixNanos(span.startTimeMs),
              endTimeUnixNano: msToUnixNanos(span.endTimeMs),
              attributes: toAttributes(span.attributes),
              status: { code: STATUS_CODE[span.status.code], ...(span.status.message ? { message: span.status.message } : {}) },
            })),
          },
        ],
      },
    ],
  };
}

/**
 * Sends spans to an OpenTelemetry collector over OTLP/HTTP with JSON bodies, batched and off
 * the request path: `export` only queues. A failed POST is reported and its spans dropped —
 * traces are best-effort, and retrying would pile up behind a dead collector.
 */
export class OtlpTraceExporter implements SpanSink {
  readonly #options: Required<Omit<OtlpTraceExporterOptions, 'serviceVersion' | 'headers'>> & Pick<OtlpTraceExporterOptions, 'serviceVersion' | 'headers'>;
  #queue: SpanData[] = [];
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: OtlpTraceExporterOptions) {
    this.#options = {
      serviceName: 'switchyard',
      flushIntervalMs: 2000,
      maxBatch: 256,
      maxQueue: 10_000,
      timeoutMs: 10_000,
      onError: () => {},
      ...options,
    };
  }

  export(spans: readonly SpanData[]): void {
    this.#queue.push(...spans);
    const excess = this.#queue.length - this.#options.maxQueue;
    if (excess > 0) {
      this.#queue.splice(0, excess);
      this.#options.onError(new Error(`OTLP span queue full: dropped ${excess} spans.`));
    }
    if (this.#queue.length >= this.#options.maxBatch) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#options.flushIntervalMs);
      this.#timer.unref();
    }
  }

  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#chain = this.#chain.then(() => this.#sendQueued());
    return this.#chain;
  }

  close(): Promise<void> {
    return this.flush();
  }

  async #sendQueued(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#options.maxBatch);
      try {
        const response = await fetch(this.#options.url, {
          method: 'POST',
          headers: { ...this.#options.headers, 'content-type': 'application/json' },
          body: JSON.stringify(toOtlpJson(batch, this.#options)),
          signal: AbortSignal.timeout(this.#options.timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (!response.ok) throw new Error(`OTLP collector answered ${response.status} to ${batch.length} spans.`);
      } catch (error) {
        this.#options.onError(error);
      }
    }
  }
}

/**
 * Exporter options from the standard OpenTelemetry environment variables, or undefined when
 * tracing is off: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is) or `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (+ `/v1/traces`), `OTEL_EXPORTER_OTLP_HEADERS` / `..._TRACES_HEADERS` (`k=v,k2=v2`, URL-encoded)
 * and `OTEL_SERVICE_NAME`. `OTEL_SDK_DISABLED=true` turns it off.
 */
export function otlpOptionsFromEnv(env: Record<string, string | undefined>): OtlpTraceExporterOptions | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const baseEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const url = tracesEndpoint || (baseEndpoint ? `${baseEndpoint.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url) return undefined;
  const headers = { ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS), ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) };
  return {
    url,
    headers,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'switchyard',
  };
}

function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    try {
      headers[decodeURIComponent(pair.slice(0, eq).trim()).toLowerCase()] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      // A malformed escape: skip the pair rather than fail start-up over a header.
    }
  }
  return headers;
}
