import { redactStreamedSecrets } from './redact-streamed-secrets.ts';
import type { BodiesToLog, LoggedBodies } from './request-log-entry.ts';

/** Headers that carry credentials: never logged, whatever their value. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie', 'set-cookie']);

/**
 * Strings shaped like API keys, the prefix kept so a reader sees what kind of key was there:
 * OpenAI/Anthropic `sk-…` (incl. `sk-ant-…`, `sk-proj-…`), Switchyard's own `sy-…`, xAI `xai-…`,
 * Groq `gsk_…`, Google `AIza…` and AWS access key ids `AKIA…`/`ASIA…`. The length floor keeps
 * ordinary words like "sky-blue" intact.
 */
const KEY_LIKE = /\b(sk-|sy-|xai-|gsk_|AIza|AKIA|ASIA)[A-Za-z0-9_-]{16,}/g;

/** Exact secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_KNOWN_SECRET_LENGTH = 8;

/**
 * Replaces key-like substrings in one string, and every occurrence of a `known` secret (the
 * gateway's configured provider keys and admin key, whatever their shape).
 */
export function redactKeyLike(text: string, known: readonly string[] = []): string {
  let redacted = text.replace(KEY_LIKE, (_match, prefix: string) => `${prefix}[redacted]`);
  for (const secret of known) if (secret.length >= MIN_KNOWN_SECRET_LENGTH && redacted.includes(secret)) redacted = redacted.replaceAll(secret, '[redacted]');
  return redacted;
}

/** A deep copy of a JSON-like value with every key-like string redacted. */
export function redactValue(value: unknown, known: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactKeyLike(value, known);
  if (Array.isArray(value)) return value.map((inner) => redactValue(inner, known));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner, known)]));
  }
  return value;
}

/** Request headers without credential headers, remaining values redacted too (a key can hide in any header). */
export function redactHeaders(headers: Record<string, string | string[] | undefined>, known: readonly string[] = []): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || SECRET_HEADERS.has(name.toLowerCase())) continue;
    kept[name.toLowerCase()] = redactKeyLike(Array.isArray(value) ? value.join(', ') : value, known);
  }
  return kept;
}

/** Bodies as they may be stored: credential headers gone, key-like strings and `known` secrets redacted. */
export function redactLoggedBodies(bodies: BodiesToLog, known: readonly string[] = []): LoggedBodies {
  const redacted: LoggedBodies = {};
  if (bodies.requestHeaders) redacted.requestHeaders = redactHeaders(bodies.requestHeaders, known);
  if (bodies.request !== undefined) redacted.request = redactValue(bodies.request, known);
  // A streamed response is its SSE text, where a key can be split across events.
  if (typeof bodies.response === 'string') redacted.response = redactKeyLike(redactStreamedSecrets(bodies.response, KEY_LIKE), known);
  else if (bodies.response !== undefined) redacted.response = redactValue(bodies.response, known);
  if (bodies.responseTruncated) redacted.responseTruncated = true;
  return redacted;
}
