import type { z } from 'zod';

/** `['messages', 2, 'content']` as `messages[2].content`, the way OpenAI names `param`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

type Issue = z.core.$ZodIssue;

/**
 * A union's own message hides which member was meant. When exactly one branch got past its
 * root type check (an array whose third element is wrong), that branch's error is the useful one.
 */
function innermost(issue: Issue, path: PropertyKey[]): { issue: Issue; path: PropertyKey[] } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  const deeper = issue.errors.filter((branch) => branch.some((inner) => inner.path.length > 0));
  if (deeper.length !== 1) return { issue, path };
  const [first] = deeper[0];
  return innermost(first, [...path, ...first.path]);
}

/** The first zod issue as `{message: "messages[2].content: expected string or array", param}`. */
export function describeIssue(issue: Issue): { message: string; param: string } {
  const found = innermost(issue, [...issue.path]);
  const param = formatPath(found.path);
  let detail = found.issue.message.replace(/^Invalid input: /, '');
  if (found.issue.code === 'invalid_type' && /received undefined$/.test(detail)) detail = `required (${detail})`;
  return { message: param ? `${param}: ${detail}` : detail, param };
}
