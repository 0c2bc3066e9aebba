import { randomHex } from '../core/ids.ts';

/** A span's place in a trace, as W3C Trace Context carries it. */
export type TraceContext = { traceId: string; spanId: string };

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The caller's span from a W3C `traceparent` header (`00-<trace-id>-<parent-id>-<flags>`), so the
 * gateway's spans join the agent's trace; undefined when absent or malformed (all-zero ids are invalid).
 */
export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  const match = header ? TRACEPARENT.exec(header.trim().toLowerCase()) : null;
  if (!match || match[1] === 'ff') return undefined;
  const [, , traceId, spanId] = match;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId };
}

/** The `traceparent` header naming a span (sampled), to forward upstream or hand back to the caller. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-01`;
}
