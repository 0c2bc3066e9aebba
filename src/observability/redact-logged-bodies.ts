import type { LoggedBodies } from './request-log-entry.ts';

/** Headers that carry credentials: never logged, whatever their value. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie', 'set-cookie']);

/**
 * Strings shaped like API keys: OpenAI/Anthropic `sk-…` (incl. `sk-ant-…`, `sk-proj-…`) and
 * Switchyard's own `sy-…`. The length floor keeps ordinary words like "sky-blue" intact.
 */
const KEY_LIKE = /\b(sk|sy)-[A-Za-z0-9_-]{16,}/g;

/** Replaces key-like substrings in one string. */
export function redactKeyLike(text: string): string {
  return text.replace(KEY_LIKE, (_match, prefix: string) => `${prefix}-[redacted]`);
}

/** A deep copy of a JSON-like value with every key-like string redacted. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactKeyLike(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
  }
  return value;
}

/** Request headers without credential headers, remaining values redacted too (a key can hide in any header). */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || SECRET_HEADERS.has(name.toLowerCase())) continue;
    kept[name.toLowerCase()] = redactKeyLike(Array.isArray(value) ? value.join(', ') : value);
  }
  return kept;
}

/** Bodies as they may be stored: credential headers gone, key-like strings redacted. */
export function redactLoggedBodies(bodies: LoggedBodies): LoggedBodies {
  const redacted: LoggedBodies = {};
  if (bodies.requestHeaders) redacted.requestHeaders = redactHeaders(bodies.requestHeaders);
  if (bodies.request !== undefined) redacted.request = redactValue(bodies.request);
  if (bodies.response !== undefined) redacted.response = redactValue(bodies.response);
  return redacted;
}
