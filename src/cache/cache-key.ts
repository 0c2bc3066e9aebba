import { createHash } from 'node:crypto';
import type { ParsedRequest } from '../api/inbound-format.ts';
import { canonicalJson } from '../streams/request-fingerprint.ts';

/** What decides whether two requests get the same answer. */
export type CacheKeyInput = {
  accountId: string;
  /** The inbound format id (`openai-chat`, `anthropic-messages`, `openai-responses`): answers are rendered per format. */
  formatId: string;
  /** The parsed request: the canonical request and the options its rendering depends on. */
  request: ParsedRequest;
  /** The client body's gateway routing fields (`models`, `provider`), which can change who answers. */
  routing?: Record<string, unknown>;
};

/**
 * The response cache key: SHA-256 over the account, the format, the stream flag and the
 * canonical request as JSON with sorted keys. The canonical form makes two clients' spellings
 * of one request (key order, defaults) match; the format and stream flag keep apart answers
 * that render differently. The account is hashed in, so accounts never share entries.
 */
export function responseCacheKey(input: CacheKeyInput): string {
  const { request, render } = input.request;
  return createHash('sha256')
    .update(`v1\n${input.accountId}\n${input.formatId}\n${request.stream ? 'stream' : 'json'}\n`)
    .update(canonicalJson({ request, render, routing: input.routing ?? {} }))
    .digest('hex');
}
