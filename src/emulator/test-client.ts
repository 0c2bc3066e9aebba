/** A raw HTTP exchange with the emulator, for tests that inspect bytes and headers (the SDK tests use the SDKs). */
export type RawResponse = { status: number; headers: Headers; text: string };

export const openaiAuth = { authorization: 'Bearer sk-test' };
export const anthropicAuth = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
export const googleAuth = { 'x-goog-api-key': 'gk-test' };

export async function post(url: string, headers: Record<string, string>, body: unknown): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
