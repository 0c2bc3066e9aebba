import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { GatewayError } from '../../core/errors.ts';
import type { Handler, RequestContext } from '../request-context.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Only our own files, no inline script or style, API calls to this origin only, never framed:
 * a pasted key cannot be read by injected script or sent elsewhere. `img-src data:` is the
 * empty favicon. Setting `element.style` from script (bar widths) is CSSOM, which this allows.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Asset = { body: Buffer; type: string; etag: string };

const loaded = new Map<string, Map<string, Asset>>();

/** The files of `src/dashboard/`, read once (a few kilobytes; no build step). */
function loadAssets(dir: URL): Map<string, Asset> {
  const cached = loaded.get(dir.href);
  if (cached) return cached;
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(new URL(name, dir));
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  loaded.set(dir.href, assets);
  return assets;
}

/**
 * `GET /dashboard` (the page) and `GET /dashboard/:file` (its script and style). Public: the
 * page holds no data; it calls the API with the key the user pastes. Files are revalidated on
 * every load (`no-cache` + ETag → 304), so an upgraded gateway never serves a stale script
 * beside a new page.
 */
export function dashboardHandlers(dir: URL = new URL('../../dashboard/', import.meta.url)): { page: Handler; asset: Handler } {
  const assets = loadAssets(dir);
  const send = (ctx: RequestContext, name: string): void => {
    const asset = assets.get(name);
    if (!asset) throw new GatewayError({ status: 404, code: 'not_found', message: `No dashboard file '${name}'.` });
    const headers = {
      'content-type': asset.type,
      'cache-control': 'no-cache',
      etag: asset.etag,
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
    if (ctx.req.headers['if-none-match'] === asset.etag) {
      ctx.res.writeHead(304, headers);
      ctx.res.end();
      return;
    }
    ctx.res.writeHead(200, { ...headers, 'content-length': asset.body.length });
    ctx.res.end(asset.body);
  };
  return {
    async page(ctx) {
      // The page's links are relative to `/dashboard`; from `/dashboard/` they would miss.
      if (ctx.url.pathname.endsWith('/')) {
        ctx.res.writeHead(308, { location: '../dashboard' });
        ctx.res.end();
        return;
      }
      send(ctx, 'index.html');
    },
    async asset(ctx) {
      send(ctx, ctx.params.file);
    },
  };
}
