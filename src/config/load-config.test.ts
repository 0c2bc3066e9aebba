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

describe('files, jobs and webhook settings', () => {
  it('read the environment under their usual names, with defaults', () => {
    const defaults = loadConfig({ env: {} });
    assert.deepEqual(defaults.files, { linkTtlSeconds: 3600 });
    assert.deepEqual(defaults.jobs, { pollIntervalMs: 1000 });
    assert.equal(defaults.webhookSecret, undefined);

    const config = loadConfig({
      env: {
        SWITCHYARD_FILES_DIR: '/var/lib/switchyard/files',
        SWITCHYARD_PUBLIC_URL: 'https://gateway.example.com',
        SWITCHYARD_FILE_LINK_TTL_SECONDS: '600',
        SWITCHYARD_JOB_POLL_MS: '250',
        SWITCHYARD_WEBHOOK_SECRET: ' whsec_shared ',
        SWITCHYARD_S3_BUCKET: 'media',
        SWITCHYARD_S3_ENDPOINT: 'http://127.0.0.1:9000',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIA',
        SWITCHYARD_S3_SECRET_ACCESS_KEY: 'shh',
      },
    });
    assert.deepEqual(config.files, {
      dir: '/var/lib/switchyard/files',
      publicUrl: 'https://gateway.example.com',
      linkTtlSeconds: 600,
      s3: { bucket: 'media', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9000', accessKeyId: 'AKIA', secretAccessKey: 'shh' },
    });
    assert.deepEqual(config.jobs, { pollIntervalMs: 250 });
    assert.equal(config.webhookSecret, 'whsec_shared');
  });

  it('take the config file over the environment, and refuse nonsense naming the setting', () => {
    const configPath = configFile('files.json', { files: { dir: './media', linkTtlSeconds: 60, s3: { bucket: 'b', region: 'us-west-2' } }, jobs: { pollIntervalMs: 500 }, webhookSecret: 'whsec_file' });
    const config = loadConfig({ configPath, env: { SWITCHYARD_FILES_DIR: '/ignored', SWITCHYARD_JOB_POLL_MS: '40', SWITCHYARD_WEBHOOK_SECRET: 'ignored' } });
    assert.equal(config.files.dir, './media');
    assert.deepEqual(config.files.s3, { bucket: 'b', region: 'us-west-2', endpoint: 'https://s3.us-west-2.amazonaws.com', accessKeyId: '', secretAccessKey: '' });
    assert.equal(config.jobs.pollIntervalMs, 500);
    assert.equal(config.webhookSecret, 'whsec_file');

    assert.throws(() => loadConfig({ env: { SWITCHYARD_JOB_POLL_MS: 'fast' } }), /SWITCHYARD_JOB_POLL_MS must be a whole number above 0, got 'fast'/);
    assert.throws(() => loadConfig({ env: { SWITCHYARD_FILE_LINK_TTL_SECONDS: '0' } }), /SWITCHYARD_FILE_LINK_TTL_SECONDS/);
    assert.throws(() => loadConfig({ env: { SWITCHYARD_PUBLIC_URL: 'gateway.example.com' } }), /SWITCHYARD_PUBLIC_URL must be an http\(s\) URL/);
    assert.throws(() => loadConfig({ configPath: configFile('bad-files.json', { files: { linkTtl: 5 } }), env: {} }), /files: Unrecognized key/);
  });
});

describe('logging the local user’s bodies', () => {
  it('is off by default, on with SWITCHYARD_LOG_BODIES=true or "logBodies": true (the file wins)', () => {
    assert.equal(loadConfig({ env: {} }).logBodies, false);
    assert.equal(loadConfig({ env: { SWITCHYARD_LOG_BODIES: 'true' } }).logBodies, true);
    assert.equal(loadConfig({ env: { SWITCHYARD_LOG_BODIES: 'false' } }).logBodies, false);
    assert.equal(loadConfig({ configPath: configFile('log-bodies.json', { logBodies: false }), env: { SWITCHYARD_LOG_BODIES: 'true' } }).logBodies, false);
  });

  it('refuses a value that is not a boolean', () => {
    assert.throws(() => loadConfig({ env: { SWITCHYARD_LOG_BODIES: 'yes please' } }), (error: unknown) => error instanceof ConfigError && /SWITCHYARD_LOG_BODIES/.test(error.message));
    assert.throws(() => loadConfig({ configPath: configFile('log-bodies-bad.json', { logBodies: 'true' }), env: {} }), ConfigError);
  });
});
