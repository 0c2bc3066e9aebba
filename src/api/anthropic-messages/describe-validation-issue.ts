import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * A union's own message hides which member was meant. When exactly one branch got past its
 * root type check (an array whose third block is wrong), that branch's error is the useful one.
 */
function innermost(issue: Issue, path: PropertyKey[]): { issue: Issue; path: PropertyKey[] } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  const deeper = issue.errors.filter((branch) => branch.some((inner) => inner.path.length > 0 || inner.code !== 'invalid_type'));
  if (deeper.length !== 1) return { issue, path };
  const [first] = deeper[0];
  return innermost(first, [...path, ...first.path]);
}

/**
 * The first zod issue in Anthropic's wording: the field as a dotted path with numeric indexes
 * (`messages.1.content.0.type: ...`) and `Field required` for a missing one, as the real API says.
 */
export function describeValidationIssue(issue: Issue): { message: string; param: string } {
  const found = innermost(issue, [...issue.path]);
  const param = found.path.map(String).join('.');
  let detail = found.issue.message.replace(/^Invalid input: /, '');
  if (found.issue.code === 'invalid_type' && /received undefined$/.test(detail)) detail = 'Field required';
  return { message: param ? `${param}: ${detail}` : detail, param };
}
