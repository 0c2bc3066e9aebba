import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** How one API words a validation error: the same zod issue reads differently per format. */
export type IssueWording = {
  /** The field path as the API writes it, in the message and as `param`. */
  formatPath(path: ReadonlyArray<PropertyKey>): string;
  /** The detail for a missing field, given zod's `expected string, received undefined`. */
  missing(detail: string): string;
  /**
   * Whether a union branch that failed a check other than its type at its own root (a literal
   * `type` of a content block) counts as the branch the client meant, as well as one that got
   * deeper than its root.
   */
  rootChecksPickBranch: boolean;
};

/** OpenAI: `messages[2].content`, and `required (expected string, received undefined)`. */
export const openAiWording: IssueWording = {
  formatPath(path) {
    let out = '';
    for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
    return out;
  },
  missing: (detail) => `required (${detail})`,
  rootChecksPickBranch: false,
};

/** Anthropic: a dotted path with numeric indexes (`messages.1.content.0.type`) and `Field required`, as the real API says. */
export const anthropicWording: IssueWording = {
  formatPath: (path) => path.map(String).join('.'),
  missing: () => 'Field required',
  rootChecksPickBranch: true,
};

/**
 * A union's own message hides which member was meant. When exactly one branch got past its
 * root type check (an array whose third element is wrong), that branch's error is the useful one.
 */
function innermost(issue: Issue, path: PropertyKey[], wording: IssueWording): { issue: Issue; path: PropertyKey[] } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { issue, path };
  const deeper = issue.errors.filter((branch) =>
    branch.some((inner) => inner.path.length > 0 || (wording.rootChecksPickBranch && inner.code !== 'invalid_type')),
  );
  if (deeper.length !== 1) return { issue, path };
  const [first] = deeper[0];
  return innermost(first, [...path, ...first.path], wording);
}

/** A zod issue as `{message: "<path>: <detail>", param: "<path>"}` in the API's own wording. */
export function describeValidationIssue(issue: Issue, wording: IssueWording): { message: string; param: string } {
  const found = innermost(issue, [...issue.path], wording);
  const param = wording.formatPath(found.path);
  let detail = found.issue.message.replace(/^Invalid input: /, '');
  if (found.issue.code === 'invalid_type' && /received undefined$/.test(detail)) detail = wording.missing(detail);
  return { message: param ? `${param}: ${detail}` : detail, param };
}
