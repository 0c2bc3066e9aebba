// Talks to the gateway this page was served by. Paths are relative to the page (`/dashboard`),
// so a gateway mounted under a path prefix works too.

const STORAGE_KEY = 'switchyard.dashboard.key';

/** The pasted key lives in sessionStorage only: gone when the tab closes, never in a URL or cookie. */
export const savedKey = {
  get: () => sessionStorage.getItem(STORAGE_KEY) ?? '',
  set: (key) => sessionStorage.setItem(STORAGE_KEY, key),
  clear: () => sessionStorage.removeItem(STORAGE_KEY),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET a JSON API path with the key (when there is one); throws ApiError with the API's message. */
export async function getJson(path, params = {}, key = savedKey.get()) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.append(name, String(value));
  }
  const url = `${path}${query.size > 0 ? `?${query}` : ''}`;
  const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body;
}

/**
 * Who the key makes us: `admin` (every account), `caller` (one account's gateway key) or
 * `local` (a gateway without an admin key: one user, no key needed). Null: the key is refused.
 */
export async function detectMode(key) {
  if (key) {
    try {
      const accounts = await getJson('admin/accounts', {}, key);
      return { mode: 'admin', accounts: accounts.data };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
  try {
    const wallet = await getJson('v1/wallet', {}, key);
    return { mode: wallet.account_id === 'local' ? 'local' : 'caller', accountId: wallet.account_id, wallet };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
