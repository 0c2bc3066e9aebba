/** A tiny routing table: `METHOD /path/:param` patterns matched segment by segment. */
export type RouteParams = Record<string, string>;

type Route<H> = { method: string; segments: string[]; handler: H };

export class Router<H> {
  readonly #routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.#routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler for a request, `methodNotAllowed` when the path exists under another method, or undefined. */
  match(method: string, path: string): { handler: H; params: RouteParams } | { methodNotAllowed: true } | undefined {
    const parts = path.split('/').filter(Boolean);
    let pathExists = false;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      pathExists = true;
    }
    return pathExists ? { methodNotAllowed: true } : undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): RouteParams | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: RouteParams = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params[pattern[i].slice(1)] = decodeURIComponent(parts[i]);
    else if (pattern[i] !== parts[i]) return undefined;
  }
  return params;
}
