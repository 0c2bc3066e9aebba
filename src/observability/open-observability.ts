import type { RequestLogStore } from '../stores/request-log-store.ts';
import { createObservability, type Observability } from './create-observability.ts';
import { Metrics } from './metrics.ts';
import { OtlpTraceExporter, otlpOptionsFromEnv } from './otlp-trace-exporter.ts';
import { RequestLogger } from './request-logger.ts';

/**
 * Observability as the gateway runs it: a batched request logger on `store`, Prometheus
 * metrics, and OTLP trace export when the OpenTelemetry environment variables ask for it.
 */
export function openObservability(options: {
  store: RequestLogStore;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
  now?: () => number;
  /** Redacted from logged bodies wherever they appear. */
  secrets?: readonly string[];
}): Observability {
  const report = (what: string) => (error: unknown) => options.log?.(`${what}: ${(error as Error)?.message ?? String(error)}`);
  const otlp = otlpOptionsFromEnv(options.env ?? {});
  return createObservability({
    requestLogs: new RequestLogger(options.store, { onError: report('request log') }),
    metrics: new Metrics(),
    tracer: otlp ? new OtlpTraceExporter({ ...otlp, onError: report('trace export') }) : undefined,
    now: options.now,
    secrets: options.secrets,
  });
}
