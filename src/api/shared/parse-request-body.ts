import type { z } from 'zod';
import { GatewayError } from '../../core/errors.ts';
import { describeValidationIssue, type IssueWording } from './describe-validation-issue.ts';

/**
 * `value` checked against `schema`; a failure is a 400 naming the first offending field, its
 * path prefixed by `at` when the value sits inside the request (`tools[2]`, `input[0]`).
 */
export function validateField<S extends z.ZodType>(schema: S, value: unknown, wording: IssueWording, at: PropertyKey[] = []): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const { message, param } = describeValidationIssue({ ...issue, path: [...at, ...issue.path] }, wording);
  throw GatewayError.invalidRequest(message, param || undefined);
}

/** A request body checked against its format's schema: a JSON object, or a 400 naming what is wrong. */
export function parseRequestBody<S extends z.ZodType>(schema: S, body: unknown, wording: IssueWording): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw GatewayError.invalidRequest('The request body must be a JSON object.');
  return validateField(schema, body, wording);
}
