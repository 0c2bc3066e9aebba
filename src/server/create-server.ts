import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timeOrderedId } from '../core/ids.ts';
import { GatewayError, toGatewayError } from '../core/errors.ts';
import type { InboundFormat } from '../api/inbound-format.ts';
import type { AccountStore } from '../stores/account-store.ts';
import { Router } from './router.ts';
import { authenticateCaller, requireAdmin } from './auth.ts';
import { errorHeaders, sendJson } from './respond.ts';
import { redactSecrets } from './redact-secrets.ts';
import type { Handler, RequestContext } from './request-context.ts';

/** Who may call a route: anyone, a gateway key holder, or the admin. */
export type Access = 'public' | 'caller' | 'admin';

export type RouteSpec = {
  method: string;
  path: string;
  access: Access;
  /** The API format whose error shape this route answers in. */
  errorFormat: InboundFormat;
  handler: Handler;
};

export type ServerDeps = {
  routes: RouteSpec[];
  accounts: AccountStore;
  adminKey?: string;
  /** Without an admin key: whether the local user's bodies are logged (with one, each key says). */
  localLogBodies?: boolean;
  /** Error shape for paths that match no route. */
  defaultErrorFormat: InboundFormat;
  /** Credentials that must never appear in an error body (provider keys, the admin key). */
  secrets?: readonly string[];
  log?: (line: string) => void;
};

/** The HTTP listener: routing, authentication, and errors rendered in each route's own format. */
export function createGatewayServer(deps: ServerDeps): Server {
  const router = new Router<RouteSpec>();
  for (const route of deps.routes) router.add(route.method, route.path, route);

  return createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    void handle(req, res, router, deps);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, router: Router<RouteSpec>, deps: ServerDeps): Promise<void> {
  const requestId = timeOrderedId('req_');
  const controller = new AbortController();
  // 'close' before the response finished means the client went away.
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  const match = router.match(req.method ?? 'GET', url.pathname);
  let errorFormat = deps.defaultErrorFormat;
  try {
    if (!match) throw new GatewayError({ status: 404, code: 'not_found', message: `No route for ${req.method} ${url.pathname}.` });
    if ('methodNotAllowed' in match) throw new GatewayError({ status: 405, code: 'invalid_request', message: `Method ${req.method} is not allowed on ${url.pathname}.` });
    const route = match.handler;
    errorFormat = route.errorFormat;
    const ctx: RequestContext = { req, res, url, params: match.params, requestId, signal: controller.signal };
    if (route.access === 'admin') requireAdmin(req, deps.adminKey);
    if (route.access === 'caller') ctx.caller = await authenticateCaller(req, deps.adminKey, deps.accounts, deps.localLogBodies);
    await route.handler(ctx);
  } catch (thrown) {
    const error = redactSecrets(toGatewayError(thrown), deps.secrets ?? []);
    if (error.code === 'internal') deps.log?.(`[${requestId}] internal error: ${(thrown as Error)?.stack ?? String(thrown)}`);
    if (res.headersSent) {
      // Mid-stream failures are reported in-band by the stream renderers; nothing more can be said here.
      res.destroy();
      return;
    }
    const { status, body } = errorFormat.renderError(error);
    const headers = { ...errorHeaders(error), 'x-switchyard-request-id': requestId };
    if (error.code === 'payload_too_large') {
      // Stop reading the oversized body: answer, then close the connection.
      sendJson(res, status, body, { ...headers, connection: 'close' });
      res.on('finish', () => req.destroy());
      return;
    }
    sendJson(res, status, body, headers);
  }
}
