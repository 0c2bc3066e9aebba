import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../routing/catalog/load-catalog.ts';
import { resolveTargets } from '../routing/resolve-targets.ts';
import { ConfigError, loadConfig } from './load-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('OpenAI-compatible providers in the config file', () => {
  const configPath = configFile('custom.json', {
    providers: {
      'my-llm': { compatible: 'openai', baseUrl: 'http://10.0.0.5:8000/v1/', apiKey: 'secret', quirks: { topK: true, streamUsage: false } },
      'local-box': { compatible: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', displayName: 'LM Studio' },
    },
  });

  it('become provider rows, on without a key, routed by `provider/model`', async () => {
    const config = loadConfig({ configPath, env: {} });
    assert.deepEqual(config.customProviders.map((p) => [p.id, p.displayName]), [['my-llm', 'my-llm'], ['local-box', 'LM Studio']]);
    assert.equal(config.providers.get('my-llm')?.apiKey, 'secret');
    assert.equal(config.providers.get('local-box')?.apiKey, undefined);

    const [target] = resolveTargets('my-llm/qwen3-32b', loadCatalog(), config.providers, config.customProviders);
    assert.equal(target.provider.id, 'my-llm');
    assert.equal(target.upstreamModel, 'qwen3-32b');
    const upstream = await target.adapter.buildRequest(
      { model: 'my-llm/qwen3-32b', stream: true, topK: 20, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
      target.upstreamModel,
      target.settings,
    );
    assert.equal(upstream.url, 'http://10.0.0.5:8000/v1/chat/completions');
    assert.equal(upstream.headers.authorization, 'Bearer secret');
    const body = JSON.parse(upstream.body!);
    assert.equal(body.top_k, 20, 'the quirk from the file is applied');
    assert.equal(body.stream_options, undefined);
  });

  it('are unknown to routing when not passed in, as before', () => {
    const config = loadConfig({ configPath, env: {} });
    assert.throws(() => resolveTargets('my-llm/qwen3-32b', loadCatalog(), config.providers), /does not exist/);
  });

  it('must not reuse a built-in id, need a base URL, and unknown ids without `compatible` still fail', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ providers: { groq: { compatible: 'openai', baseUrl: 'http://x/v1' } } }, /'groq' is built in/],
      [{ providers: { 'my-llm': { compatible: 'openai' } } }, /'my-llm' needs a base URL/],
      [{ providers: { 'my-llm': { baseUrl: 'http://x/v1' } } }, /Unknown provider 'my-llm'.*"compatible": "openai"/],
      [{ providers: { groq: { quirks: { topK: true } } } }, /quirks and displayName are for "compatible"/],
      [{ providers: { 'my-llm': { compatible: 'anthropic', baseUrl: 'http://x/v1' } } }, /providers\.my-llm\.compatible/],
    ];
    cases.forEach(([content, message], i) => {
      assert.throws(() => loadConfig({ configPath: configFile(`bad-${i}.json`, content), env: {} }), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  });
});

describe('built-in compatible providers from the environment', () => {
  it('turns on keyless local servers by their base URL and keeps env headers beside file headers', () => {
    const configPath = configFile('headers.json', { providers: { openrouter: { headers: { 'X-Extra': '1' } } } });
    const config = loadConfig({
      configPath,
      env: { OLLAMA_BASE_URL: 'http://127.0.0.1:11434/v1', OPENROUTER_API_KEY: 'or', OPENROUTER_TITLE: 'Switchyard' },
    });
    assert.deepEqual(config.providers.get('ollama'), { id: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', apiKey: undefined, headers: undefined, options: {} });
    assert.deepEqual(config.providers.get('openrouter')?.headers, { 'X-Title': 'Switchyard', 'X-Extra': '1' });
    assert.equal(config.providers.has('vllm'), false);
  });

  it('turns Azure on with key and endpoint, and says what is missing without an endpoint', () => {
    const config = loadConfig({ env: { AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com' } });
    assert.equal(config.providers.get('azure')?.baseUrl, 'https://r.openai.azure.com');
    assert.throws(() => loadConfig({ env: { AZURE_OPENAI_API_KEY: 'k' } }), /'azure' needs a base URL/);
  });
});
