import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayError } from '../core/errors.ts';
import { providerTable } from '../providers/provider-table.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { SqliteProviderKeyStore } from '../stores/sqlite/sqlite-provider-key-store.ts';
import { createByok } from './create-byok.ts';

const secret = 'test-secret-0123456789abcdef0123456789abcdef';
const gatewayOpenAi: ProviderSettings = { id: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-gateway-own-key', headers: { 'x-extra': '1' } };
const gateway = new Map([['openai', gatewayOpenAi]]);
const make = (options: { secret?: string } = { secret }) => createByok({ store: new SqliteProviderKeyStore(openSqlite(IN_MEMORY)), secret: options.secret, definitions: providerTable });

test('an account\'s key replaces the gateway\'s for that provider; other providers keep the gateway\'s', async () => {
  const byok = make();
  const view = await byok.putKey({ accountId: 'acct_1', provider: 'openai', apiKey: 'sk-account-own-key-WXYZ', gatewayHasProvider: true });
  assert.equal(view.api_key, '****WXYZ');
  assert.deepEqual(await byok.settingsFor('acct_1', 'openai', gatewayOpenAi), { ...gatewayOpenAi, apiKey: 'sk-account-own-key-WXYZ' });
  assert.equal(await byok.settingsFor('acct_2', 'openai', gatewayOpenAi), gatewayOpenAi);

  const resolved = await byok.providersFor('acct_1', gateway);
  assert.equal(resolved.providers.get('openai')!.apiKey, 'sk-account-own-key-WXYZ');
  assert.deepEqual([...resolved.byokProviders], ['openai']);
  assert.deepEqual(resolved.secrets, ['sk-account-own-key-WXYZ']);
  assert.equal(gatewayOpenAi.apiKey, 'sk-gateway-own-key', 'the gateway\'s settings are never changed');
});

test('a provider the gateway has no key for is reached at its default URL, or the account\'s base_url', async () => {
  const byok = make();
  await byok.putKey({ accountId: 'acct_1', provider: 'anthropic', apiKey: 'sk-ant-account-1234', gatewayHasProvider: false });
  await byok.putKey({ accountId: 'acct_1', provider: 'groq', apiKey: 'gsk-account-5678', baseUrl: 'http://127.0.0.1:1234/openai/v1/', gatewayHasProvider: false });
  const { providers, byokProviders } = await byok.providersFor('acct_1', gateway);
  assert.deepEqual(providers.get('anthropic'), { id: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-account-1234' });
  assert.equal(providers.get('groq')!.baseUrl, 'http://127.0.0.1:1234/openai/v1');
  assert.deepEqual([...byokProviders].sort(), ['anthropic', 'groq']);
  assert.ok(providers.has('openai'), 'the gateway\'s providers stay available');
});

test('byok_only: providers without the account\'s own key are not used for it', async () => {
  const byok = make();
  await byok.setByokOnly('acct_1', true);
  assert.equal(await byok.settingsFor('acct_1', 'openai', gatewayOpenAi), undefined);
  assert.equal((await byok.providersFor('acct_1', gateway)).providers.size, 0);
  await byok.putKey({ accountId: 'acct_1', provider: 'openai', apiKey: 'sk-account-own-key', gatewayHasProvider: true });
  assert.deepEqual([...(await byok.providersFor('acct_1', gateway)).providers.keys()], ['openai']);
  assert.equal((await byok.listKeys('acct_1')).byok_only, true);
});

test('keys are refused without SWITCHYARD_SECRET, for unknown or non-key providers, and when too short', async () => {
  const refused = (status: number, param?: string) => (error: unknown) => error instanceof GatewayError && error.status === status && (param === undefined || error.param === param);
  await assert.rejects(make({}).putKey({ accountId: 'a', provider: 'openai', apiKey: 'sk-0123456789', gatewayHasProvider: true }), (error: unknown) => {
    assert.ok(refused(400)(error));
    assert.match((error as Error).message, /SWITCHYARD_SECRET/);
    return true;
  });
  const byok = make();
  await assert.rejects(byok.putKey({ accountId: 'a', provider: 'nope', apiKey: 'sk-0123456789', gatewayHasProvider: false }), refused(400, 'provider'));
  await assert.rejects(byok.putKey({ accountId: 'a', provider: 'bedrock', apiKey: 'sk-0123456789', gatewayHasProvider: false }), refused(400, 'provider'));
  await assert.rejects(byok.putKey({ accountId: 'a', provider: 'azure', apiKey: 'sk-0123456789', gatewayHasProvider: false }), refused(400, 'base_url'));
  await assert.rejects(byok.putKey({ accountId: 'a', provider: 'openai', apiKey: 'short', gatewayHasProvider: true }), refused(400, 'api_key'));
});

test('a key stored under another secret is a clear 500, never a silent fall-back to the gateway\'s key', async () => {
  const store = new SqliteProviderKeyStore(openSqlite(IN_MEMORY));
  await createByok({ store, secret, definitions: providerTable }).putKey({ accountId: 'a', provider: 'openai', apiKey: 'sk-account-key-1', gatewayHasProvider: true });
  for (const other of [createByok({ store, secret: 'rotated-secret-value', definitions: providerTable }), createByok({ store, definitions: providerTable })]) {
    await assert.rejects(other.settingsFor('a', 'openai', gatewayOpenAi), (error: unknown) => error instanceof GatewayError && error.status === 500 && /cannot be decrypted/.test(error.message));
  }
});

test('the plaintext key is nowhere in the SQLite files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-byok-'));
  try {
    const db = openSqlite(join(dir, 'gateway.sqlite'));
    const byok = createByok({ store: new SqliteProviderKeyStore(db), secret, definitions: providerTable });
    const plaintext = 'sk-proj-PLAINTEXT-must-not-be-stored-0123456789';
    await byok.putKey({ accountId: 'acct_1', provider: 'openai', apiKey: plaintext, gatewayHasProvider: true });
    assert.equal((await byok.settingsFor('acct_1', 'openai', gatewayOpenAi))!.apiKey, plaintext);
    const files = await readdir(dir);
    // Read the WAL too, before and after it is checkpointed into the main file.
    for (const checkpointed of [false, true]) {
      if (checkpointed) db.close();
      for (const file of files) {
        const bytes = await readFile(join(dir, file)).catch(() => Buffer.alloc(0));
        for (const needle of [plaintext, plaintext.slice(0, 20), Buffer.from(plaintext).toString('base64'), Buffer.from(plaintext).toString('base64url')]) {
          assert.equal(bytes.includes(needle), false, `${file} contains ${needle}`);
        }
      }
    }
    assert.ok(files.some((file) => file === 'gateway.sqlite'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('resolved providers are reused for the cache TTL, and changes made here apply at once', async () => {
  let time = 1_000;
  const db = openSqlite(IN_MEMORY);
  const byok = createByok({ store: new SqliteProviderKeyStore(db), secret, definitions: providerTable, now: () => time, cacheTtlMs: 5_000 });
  assert.equal((await byok.providersFor('acct_1', gateway)).byokProviders.size, 0);
  await byok.putKey({ accountId: 'acct_1', provider: 'openai', apiKey: 'sk-account-own-key', gatewayHasProvider: true });
  assert.deepEqual([...(await byok.providersFor('acct_1', gateway)).byokProviders], ['openai'], 'a key stored here is used at once');

  // Another instance deletes the key: the row goes, this instance notices when the TTL passes.
  db.prepare("DELETE FROM provider_keys WHERE account_id = 'acct_1'").run();
  time += 4_999;
  assert.deepEqual([...(await byok.providersFor('acct_1', gateway)).byokProviders], ['openai']);
  time += 1;
  assert.equal((await byok.providersFor('acct_1', gateway)).byokProviders.size, 0);

  await byok.setByokOnly('acct_1', true);
  assert.equal((await byok.providersFor('acct_1', gateway)).providers.size, 0, 'a preference set here applies at once');
});
