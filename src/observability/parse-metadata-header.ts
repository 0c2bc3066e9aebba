import { GatewayError } from '../core/errors.ts';
import type { MetadataValue } from './request-log-entry.ts';

/** The header agents tag requests with, for grouping usage (`group_by=metadata.agent`). */
export const METADATA_HEADER = 'x-switchyard-metadata';

export const METADATA_LIMITS = { maxKeys: 16, maxKeyLength: 64, maxValueLength: 256 } as const;

const KEY_SHAPE = /^[A-Za-z0-9_.-]+$/;

function invalid(message: string): GatewayError {
  return GatewayError.invalidRequest(`Invalid ${METADATA_HEADER} header: ${message}`, METADATA_HEADER);
}

/**
 * Parses `x-switchyard-metadata: {"agent": "planner", "tier": "free"}`: a JSON object of at
 * most 16 keys (≤ 64 characters of `[A-Za-z0-9_.-]`), each value a string (≤ 256 characters),
 * a finite number or a boolean. Absent or blank → `{}`. Anything else is a 400 naming the problem.
 */
export function parseMetadataHeader(header: string | string[] | undefined): Record<string, MetadataValue> {
  if (Array.isArray(header)) {
    if (header.length > 1) throw invalid('send the header once.');
    header = header[0];
  }
  if (header === undefined || header.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    throw invalid('it is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('it must be a JSON object.');
  const entries = Object.entries(parsed);
  if (entries.length > METADATA_LIMITS.maxKeys) throw invalid(`at most ${METADATA_LIMITS.maxKeys} keys are allowed, got ${entries.length}.`);
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > METADATA_LIMITS.maxKeyLength || !KEY_SHAPE.test(key)) {
      throw invalid(`key '${key.slice(0, 80)}' must be 1-${METADATA_LIMITS.maxKeyLength} characters of A-Z a-z 0-9 _ . -`);
    }
    if (typeof value === 'string') {
      if (value.length > METADATA_LIMITS.maxValueLength) throw invalid(`value of '${key}' is longer than ${METADATA_LIMITS.maxValueLength} characters.`);
    } else if (typeof value === 'number') {
      // JSON.parse never yields NaN or Infinity, but an overflowing literal like 1e999 becomes Infinity.
      if (!Number.isFinite(value)) throw invalid(`value of '${key}' must be a finite number.`);
    } else if (typeof value !== 'boolean') {
      throw invalid(`value of '${key}' must be a string, number or boolean, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}.`);
    }
  }
  // fromEntries defines own properties, so a key named `__proto__` stays a plain key.
  return Object.fromEntries(entries) as Record<string, MetadataValue>;
}

/** The text a metadata value is grouped and filtered by: numbers and booleans as JSON writes them. */
export function metadataValueText(value: MetadataValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
