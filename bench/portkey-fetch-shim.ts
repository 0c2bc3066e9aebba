/**
 * Preloaded into the Portkey gateway process (`node --import`), and only there.
 *
 * Portkey 1.15.2 declares `@hono/node-server: ^1.3.3`; npm resolves that to 1.19.x today, whose
 * lightweight Response reuses the upstream fetch response's immutable Headers, so Portkey's
 * `updateHeaders()` throws `TypeError: immutable` on every streamed chat call (Portkey-AI/gateway
 * issues #1389 and #1550). This wrapper copies each upstream response into one with mutable
 * headers — what Portkey's proposed fixes (PRs #1390, #1551) do — so streaming can be measured.
 * It costs Portkey one extra Response object and a header copy per upstream call.
 */
const originalFetch = globalThis.fetch;

globalThis.fetch = async function fetchWithMutableHeaders(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await originalFetch(input, init);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
};
