/** Calls the gateway's admin API at `url` with the admin key, the body (when given) as JSON. */
export function adminFetch(url: string, adminKey: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** `adminFetch`, answered as its status and JSON body. */
export async function adminJson(url: string, adminKey: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await adminFetch(url, adminKey, method, path, body);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
