import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteParams } from './router.ts';

/**
 * Who is calling: the account a gateway key belongs to, or the single local user. `logBodies`
 * when the key (or, without an admin key, the config) opted in to keeping bodies in the request log.
 */
export type Caller = { accountId: string; keyId?: string; logBodies?: boolean };

export type RequestContext = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: RouteParams;
  requestId: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Set for agent-facing routes once the gateway key is checked. */
  caller?: Caller;
};

export type Handler = (ctx: RequestContext) => Promise<void>;
