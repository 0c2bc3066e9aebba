import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectStream } from '../../core/collect-stream.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import { findProvider } from '../provider-table.ts';
import { azureOpenAiAdapter } from './azure-openai-adapter.ts';
import { azureSettingsFromEnv } from './azure-settings.ts';

const hello: CanonicalRequest = { model: 'openai/gpt-4o-mini', stream: true, maxTokens: 50, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] };
const env = { AZURE_OPENAI_API_KEY: 'az-key', AZURE_OPENAI_ENDPOINT: 'https://myres.openai.azure.com/' };

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

describe('Azure OpenAI', () => {
  it('is the azure row of the provider table, on when its key is set', () => {
    assert.equal(findProvider('azure')?.adapterFor('gpt-4o-mini'), azureOpenAiAdapter);
    assert.equal(azureSettingsFromEnv({}), undefined);
    assert.deepEqual(azureSettingsFromEnv(env)?.options, { apiVersion: '2024-10-21' });
  });

  it('posts to the deployment named after the model, with api-version and an api-key header', async () => {
    const upstream = await azureOpenAiAdapter.buildRequest(hello, 'gpt-4o-mini', azureSettingsFromEnv(env)!);
    assert.equal(upstream.url, 'https://myres.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21');
    assert.equal(upstream.headers['api-key'], 'az-key');
    assert.equal(upstream.headers.authorization, undefined);
    const body = JSON.parse(upstream.body!);
    assert.equal(body.max_completion_tokens, 50);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('takes the API version from the environment and maps deployments from config options', async () => {
    const settings = azureSettingsFromEnv({ ...env, AZURE_OPENAI_API_VERSION: '2025-04-01-preview' })!;
    settings.options = { ...settings.options, 'deployment.gpt-4.1': 'prod gpt41' };
    const upstream = await azureOpenAiAdapter.buildRequest(hello, 'gpt-4.1', settings);
    assert.equal(upstream.url, 'https://myres.openai.azure.com/openai/deployments/prod%20gpt41/chat/completions?api-version=2025-04-01-preview');
  });

  it('reads a prompt blocked by the content filter as a 400 naming the filtered categories', () => {
    const body = JSON.stringify({
      error: {
        message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: { hate: { filtered: true, severity: 'medium' }, sexual: { filtered: false, severity: 'safe' }, jailbreak: { filtered: true, detected: true } },
        },
      },
    });
    const error = azureOpenAiAdapter.parseError(400, {}, body, { id: 'azure', baseUrl: '' });
    assert.equal(error.status, 400);
    assert.equal(error.provider, 'azure');
    assert.equal(error.upstreamType, 'content_filter');
    assert.equal(error.param, 'prompt');
    assert.match(error.message, /content management policy\. \(filtered categories: hate, jailbreak\)$/);
  });

  it('reads a missing deployment as model_not_found, and keeps retry-after on a 429', () => {
    const missing = azureOpenAiAdapter.parseError(
      404,
      {},
      JSON.stringify({ error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } }),
      { id: 'azure', baseUrl: '' },
    );
    assert.equal(missing.code, 'model_not_found');
    assert.match(missing.message, /deployment\.<model>/);
    const limited = azureOpenAiAdapter.parseError(429, { 'retry-after': '7' }, JSON.stringify({ error: { code: '429', message: 'Requests have exceeded the rate limit.' } }), { id: 'azure', baseUrl: '' });
    assert.equal(limited.code, 'rate_limited');
    assert.equal(limited.retryAfterSeconds, 7);
  });

  it('drops the prompt_filter_results chunk that opens a stream and maps a content_filter finish', async () => {
    const sse = [
      { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }] },
      { choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], created: 1730000000, id: 'chatcmpl-az1', model: 'gpt-4o-mini-2024-07-18', object: 'chat.completion.chunk' },
      { choices: [{ index: 0, delta: { content: 'Once upon' }, finish_reason: null, content_filter_results: { hate: { filtered: false, severity: 'safe' } } }], created: 1730000000, id: 'chatcmpl-az1', model: 'gpt-4o-mini-2024-07-18', object: 'chat.completion.chunk' },
      { choices: [{ index: 0, delta: {}, finish_reason: 'content_filter', content_filter_results: { violence: { filtered: true, severity: 'high' } } }], created: 1730000000, id: 'chatcmpl-az1', model: 'gpt-4o-mini-2024-07-18', object: 'chat.completion.chunk' },
      { choices: [], created: 1730000000, id: 'chatcmpl-az1', model: 'gpt-4o-mini-2024-07-18', object: 'chat.completion.chunk', usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } },
    ]
      .map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`)
      .join('') + 'data: [DONE]\n\n';
    const response = await collectStream(azureOpenAiAdapter.parseStream(bytes(sse)));
    assert.equal(response.id, 'chatcmpl-az1');
    assert.equal(response.model, 'gpt-4o-mini-2024-07-18');
    assert.deepEqual(response.content, [{ type: 'text', text: 'Once upon' }]);
    assert.equal(response.finishReason, 'content_filter');
    assert.equal(response.usage.inputTokens, 12);
    assert.equal(response.usage.outputTokens, 3);
  });
});
