import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseSync } from 'node:sqlite';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { openSqlite } from '../../src/stores/sqlite/open-sqlite.ts';
import { SqliteRequestLogStore } from '../../src/stores/sqlite/sqlite-request-log-store.ts';
import { SqliteLedgerStore } from '../../src/stores/sqlite/sqlite-ledger-store.ts';
import { RequestLogger } from '../../src/observability/request-logger.ts';
import { makeLogEntry } from '../../src/observability/testing/make-log-entry.ts';
import type { RequestLogEntry } from '../../src/observability/request-log-entry.ts';
import { startStack, type Stack } from './stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const adminKey = 'admin-key-for-dashboard-tests-0123';
const MINUTE = 60_000;

/**
 * The dashboard in a real headless Chromium against a real gateway and emulator: what it shows
 * must be exactly what the API says. `UPDATE_SCREENSHOTS=1` also writes docs/screenshots/*.png.
 */
describe('dashboard', () => {
  let stack: Stack;
  let dir: string;
  let db: DatabaseSync;
  let browser: Browser;
  let page: Page;
  let account: { id: string; key: string; keyId: string };
  const seeded: RequestLogEntry[] = [];
  const problems: string[] = [];

  const api = async (path: string, key: string) => {
    const response = await fetch(`${stack.gateway.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(response.status, 200, path);
    return (await response.json()) as any;
  };
  const admin = async (method: string, path: string, body: unknown) =>
    (await (await fetch(`${stack.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as any;
  // A string, evaluated in the page: this file is typed without the DOM library.
  // A function, not a string: a string predicate is eval'd in the page, which its CSP forbids.
  type PageDocument = { body: { dataset: Record<string, string | undefined> }; getElementById(id: string): { getAttribute(name: string): string | null } | null };
  const settled = () =>
    page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      return doc.body.dataset.busy === undefined && doc.getElementById('main')?.getAttribute('aria-busy') === 'false';
    });
  /** Full page, or the viewport (`fullPage` false), or one element. */
  const screenshot = async (name: string, what: { fullPage: boolean } | Locator = { fullPage: true }) => {
    if (process.env.UPDATE_SCREENSHOTS !== '1') return;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, name);
    await ('fullPage' in what ? page.screenshot({ path, fullPage: what.fullPage }) : what.screenshot({ path }));
  };

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      assert.fail(`The dashboard test drives a real headless Chromium, expected at ${CHROMIUM}. Install it (Debian/Ubuntu: \`apt-get install -y chromium\`) or set CHROMIUM_PATH.`);
    }
    dir = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-e2e-'));
    const path = join(dir, 'switchyard.sqlite');
    stack = await startStack({ adminKey, env: { DATABASE_URL: `sqlite:${path}` } });
    const created = await admin('POST', '/admin/accounts', { name: 'Acme agents' });
    const key = await admin('POST', `/admin/accounts/${created.id}/keys`, { name: 'agents' });
    account = { id: created.id, key: key.key, keyId: key.id };
    await admin('POST', `/admin/accounts/${account.id}/credits`, { amount_usd: '20.50', idempotency_key: 'invoice-1', description: 'Prepaid credits' });

    // Real traffic through the gateway, tagged with metadata (also feeds provider health).
    for (const [model, agent] of [['openai/gpt-4o-mini', 'planner'], ['anthropic/claude-sonnet-4-5', 'coder'], ['google/gemini-2.5-flash', 'reviewer']]) {
      const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.key}`, 'content-type': 'application/json', 'x-switchyard-metadata': JSON.stringify({ agent }) },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello there' }] }),
      });
      assert.equal(response.status, 200, await response.text());
    }

    // The calls above are logged and charged by the request path itself. A second connection to
    // the gateway's database adds history the emulator cannot make in seconds: requests spread
    // over hours, a failover, a 429; each priced one held and charged in the ledger.
    db = openSqlite(path);
    const now = Date.now();
    const who = { accountId: account.id, keyId: account.keyId };
    const sonnet = { requestedModel: 'anthropic/claude-sonnet-4-5', model: 'anthropic/claude-sonnet-4-5', provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5' };
    const flash = { requestedModel: 'google/gemini-2.5-flash', model: 'google/gemini-2.5-flash', provider: 'google', upstreamModel: 'gemini-2.5-flash' };
    seeded.push(
      makeLogEntry({ ...who, id: 'req_dash_plan1', time: now - 300 * MINUTE, metadata: { agent: 'planner', tier: 'pro' }, tokens: { input: 1200, output: 300, cachedRead: 0, cacheWrite: 0, reasoning: 0 }, costNanos: 360_000 }),
      makeLogEntry({ ...who, ...sonnet, id: 'req_dash_code1', time: now - 250 * MINUTE, metadata: { agent: 'coder', tier: 'pro' }, tokens: { input: 4100, output: 820, cachedRead: 3000, cacheWrite: 0, reasoning: 0 }, costNanos: 16_530_000, attempts: [{ provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 200, error: null, latencyMs: 2140 }], latencyMs: 2160 }),
      makeLogEntry({ ...who, ...flash, id: 'req_dash_rev1', time: now - 190 * MINUTE, metadata: { agent: 'reviewer', tier: 'free' }, tokens: { input: 2600, output: 410, cachedRead: 0, cacheWrite: 0, reasoning: 120 }, costNanos: 1_805_000, attempts: [{ provider: 'google', upstreamModel: 'gemini-2.5-flash', status: 200, error: null, latencyMs: 880 }], latencyMs: 905 }),
      makeLogEntry({
        ...who,
        ...sonnet,
        provider: 'vertex',
        upstreamModel: 'claude-sonnet-4-5@20250929',
        id: 'req_dash_failover',
        time: now - 130 * MINUTE,
        metadata: { agent: 'coder', tier: 'pro', task: 'refactor' },
        attempts: [
          { provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 529, error: 'Overloaded', latencyMs: 312 },
          { provider: 'vertex', upstreamModel: 'claude-sonnet-4-5@20250929', status: 200, error: null, latencyMs: 1875 },
        ],
        latencyMs: 2201,
        tokens: { input: 5200, output: 1040, cachedRead: 0, cacheWrite: 4096, reasoning: 0 },
        costNanos: 46_560_000,
        finishReason: 'tool_calls',
      }),
      makeLogEntry({ ...who, id: 'req_dash_limited', time: now - 70 * MINUTE, metadata: { agent: 'planner', tier: 'free' }, status: 429, errorCode: 'rate_limited', errorMessage: 'Rate limit reached for gpt-4o-mini.', attempts: [{ provider: 'openai', upstreamModel: 'gpt-4o-mini', status: 429, error: 'Rate limit reached', latencyMs: 95 }], tokens: { input: 0, output: 0, cachedRead: 0, cacheWrite: 0, reasoning: 0 }, costNanos: null, finishReason: null }),
      makeLogEntry({ ...who, id: 'req_dash_plan2', time: now - 40 * MINUTE, metadata: { agent: 'planner', tier: 'free' }, tokens: { input: 900, output: 250, cachedRead: 0, cacheWrite: 0, reasoning: 0 }, costNanos: 285_000 }),
      makeLogEntry({ ...who, ...sonnet, id: 'req_dash_code2', time: now - 12 * MINUTE, metadata: { agent: 'coder', tier: 'pro' }, stream: true, ttftMs: 640, tokens: { input: 3000, output: 600, cachedRead: 2500, cacheWrite: 0, reasoning: 0 }, costNanos: 12_750_000, attempts: [{ provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 200, error: null, latencyMs: 1510 }] }),
      makeLogEntry({ ...who, id: 'req_dash_untagged', time: now - 3 * MINUTE, tokens: { input: 100, output: 20, cachedRead: 0, cacheWrite: 0, reasoning: 0 }, costNanos: 27_000 }),
    );
    const logger = new RequestLogger(new SqliteRequestLogStore(db));
    for (const entry of seeded) logger.enqueue(entry);
    await logger.close();
    const ledger = new SqliteLedgerStore(db);
    for (const entry of seeded) {
      if (entry.costNanos === null) continue;
      const hold = await ledger.reserve({ accountId: account.id, keyId: account.keyId, requestId: entry.id, amountNanos: BigInt(entry.costNanos) * 3n, expiresAt: now + 10 * MINUTE, provider: entry.provider!, model: entry.model! });
      assert.ok(hold.ok);
      await ledger.capture({ reservationId: hold.reservation.id, amountNanos: BigInt(entry.costNanos), provider: entry.provider!, model: entry.model!, priced: true });
    }
    // One request still in flight: its hold shows as reserved.
    assert.ok((await ledger.reserve({ accountId: account.id, keyId: account.keyId, requestId: 'req_dash_inflight', amountNanos: 48_000_000n, expiresAt: now + 10 * MINUTE })).ok);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // 401s are expected: the page probes which kind of key it was given.
      if (message.type() === 'error' && !message.text().includes('status of 401')) problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(stack.gateway.url) && !request.url().startsWith('data:')) problems.push(`off-origin request: ${request.url()}`);
    });
  });

  after(async () => {
    await browser?.close();
    db?.close();
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('is served with its content types, revalidation and a strict CSP', async () => {
    const html = await fetch(`${stack.gateway.url}/dashboard`);
    assert.equal(html.status, 200);
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(html.headers.get('cache-control'), 'no-cache');
    assert.match(html.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'; style-src 'self'/);
    assert.equal(html.headers.get('x-content-type-options'), 'nosniff');
    const script = await fetch(`${stack.gateway.url}/dashboard/app.js`);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const again = await fetch(`${stack.gateway.url}/dashboard/app.js`, { headers: { 'if-none-match': script.headers.get('etag')! } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(`${stack.gateway.url}/dashboard/style.css`)).headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal((await fetch(`${stack.gateway.url}/dashboard/secrets.txt`)).status, 404);
    assert.equal((await fetch(`${stack.gateway.url}/dashboard/`, { redirect: 'manual' })).status, 308);
  });

  test('GET /v1/requests pages newest first and filters; /admin/requests reads any account', async () => {
    const first = await api('/v1/requests?limit=3&filter[metadata.agent]=coder', account.key);
    assert.equal(first.object, 'list');
    assert.equal(first.has_more, true);
    const second = await api(`/v1/requests?limit=3&filter[metadata.agent]=coder&before=${first.data.at(-1).id}`, account.key);
    const ids = [...first.data, ...second.data].map((entry: any) => entry.id);
    assert.ok(ids.indexOf('req_dash_code2') < ids.indexOf('req_dash_failover') && ids.indexOf('req_dash_failover') < ids.indexOf('req_dash_code1'));
    assert.equal(second.has_more, false);
    assert.deepEqual((await api('/v1/requests?status=429&provider=openai', account.key)).data.map((entry: any) => entry.id), ['req_dash_limited']);
    assert.deepEqual((await api('/v1/requests?model=google/gemini-2.5-flash&status=success&limit=200', account.key)).data.map((entry: any) => entry.metadata.agent), ['reviewer', 'reviewer']);
    assert.equal((await api(`/admin/requests?account=${account.id}&limit=1`, adminKey)).data[0].account_id, account.id);
    for (const query of ['limit=0', 'limit=201', 'status=teapot', 'colour=red', `account=${account.id}`, 'filter[metadata.]=x']) {
      const response = await fetch(`${stack.gateway.url}/v1/requests?${query}`, { headers: { authorization: `Bearer ${account.key}` } });
      assert.equal(response.status, 400, query);
    }
    assert.equal((await fetch(`${stack.gateway.url}/admin/requests`, { headers: { authorization: `Bearer ${account.key}` } })).status, 401);
  });

  test('with a gateway key: spend, spend per agent, the request log and one request’s attempts', async () => {
    await page.goto(`${stack.gateway.url}/dashboard`);
    await page.getByText('Paste a gateway key').waitFor();
    await page.getByLabel('Key', { exact: true }).fill(account.key);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.locator('#total-spend data').waitFor();
    await settled();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('switchyard.dashboard.key')), account.key);

    // Every request here is from the last few hours, so the default 24-hour view covers them all.
    const usage = await api('/v1/usage', account.key);
    assert.equal(await page.locator('#total-spend data').getAttribute('value'), usage.total.cost_usd);
    assert.equal(await page.locator('#total-spend data').textContent(), `$${usage.total.cost_usd}`);
    assert.equal(await page.locator('#total-requests .card-value').textContent(), String(usage.total.requests));
    assert.ok((await page.locator('.chart rect.bar').count()) >= 24, 'one bar per hour');

    await page.getByLabel('Group by').selectOption('metadata');
    await page.locator('#group-meta').fill('agent');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('table', { name: 'Spend by agent' }).waitFor();
    await settled();
    const byAgent = await api('/v1/usage?group_by=metadata.agent', account.key);
    const shown = await page.locator('table.groups tbody tr').evaluateAll((rows) =>
      rows.map((row) => [row.querySelector('td')!.textContent, row.querySelector('data')!.getAttribute('value')]),
    );
    assert.deepEqual(
      Object.fromEntries(shown),
      Object.fromEntries(byAgent.data.map((row: any) => [row.group ?? '(none)', row.cost_usd])),
    );
    assert.ok(['planner', 'coder', 'reviewer'].every((agent) => shown.some(([group]) => group === agent)));

    const listed = await page.locator('[data-request-id]').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-request-id')));
    const log = await api('/v1/requests?limit=20', account.key);
    assert.deepEqual(listed, log.data.map((entry: any) => entry.id));
    for (const entry of seeded) assert.ok(listed.includes(entry.id), entry.id);
    await screenshot('dashboard-overview.png');

    await page.locator('[data-request-id="req_dash_failover"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /req_dash_failover/ }).waitFor();
    const attempts = await dialog.getByRole('table', { name: 'Attempts' }).locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
    );
    assert.deepEqual(attempts, [
      ['1', 'anthropic', 'claude-sonnet-4-5', '529', 'Overloaded', '312 ms'],
      ['2', 'vertex', 'claude-sonnet-4-5@20250929', '200', '—', '1,875 ms'],
    ]);
    assert.equal(await dialog.locator('dd data.money').getAttribute('value'), '0.046560000');
    await screenshot('dashboard-request-detail.png', { fullPage: false });
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByLabel('Status').selectOption('error');
    await page.getByRole('button', { name: 'Filter' }).click();
    await settled();
    assert.deepEqual(await page.locator('[data-request-id]').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-request-id'))), ['req_dash_limited']);

    const wallet = await api('/v1/wallet', account.key);
    assert.equal(await page.locator('#wallet-balance data').getAttribute('value'), wallet.balance_usd);
  });

  test('in local mode (no admin key) needs no key', async () => {
    const local = await startStack();
    const localPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await fetch(`${local.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }) });
      await localPage.goto(`${local.gateway.url}/dashboard`);
      await localPage.locator('#who', { hasText: /^Local mode/ }).waitFor();
      await localPage.getByText('Billing is off on this gateway').waitFor();
      await localPage.getByRole('table', { name: 'Provider health' }).waitFor();
      await localPage.locator('[data-request-id]').first().waitFor();
    } finally {
      await localPage.close();
      await local.close();
    }
  });

  test('with the admin key: every account, one account’s ledger, provider health', async () => {
    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.getByText('Paste a gateway key').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('switchyard.dashboard.key')), null);
    await page.getByLabel('Key', { exact: true }).fill(adminKey);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.locator('#who', { hasText: /^Admin key/ }).waitFor();
    await settled();
    const everyone = await api('/admin/usage', adminKey);
    assert.equal(await page.locator('#total-spend data').getAttribute('value'), everyone.total.cost_usd);

    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Account').selectOption(account.id);
    await page.getByRole('table', { name: 'Ledger, newest first' }).waitFor();
    await settled();
    const ledger = await api(`/admin/accounts/${account.id}/ledger?limit=10`, adminKey);
    const rows = await page.locator('table.ledger tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('data')!.getAttribute('value')));
    assert.deepEqual(rows, ledger.data.map((entry: any) => entry.amount_usd));

    const health = await page.getByRole('table', { name: 'Provider health' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.querySelector('td')!.textContent));
    assert.deepEqual(health.sort(), ['anthropic', 'google', 'openai']);
    await screenshot('dashboard-admin.png', page.locator('main > .grid').last());
    assert.deepEqual(problems, []);
  });
});
