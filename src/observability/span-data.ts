/** An attribute value OTLP can carry; whole numbers are sent as ints, others as doubles. */
export type SpanAttributeValue = string | number | boolean | string[];

/** A finished span, independent of any wire format. Times are ms since the epoch (fractions allowed). */
export type SpanData = {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'internal' | 'server' | 'client';
  startTimeMs: number;
  endTimeMs: number;
  attributes: Record<string, SpanAttributeValue>;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
};

/** Where finished spans go; `export` must return at once (the request path calls it). */
export interface SpanSink {
  export(spans: readonly SpanData[]): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}
