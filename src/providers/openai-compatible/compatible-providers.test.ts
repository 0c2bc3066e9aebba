import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest } from '../../core/request.ts';
import { GatewayError } from '../../core/errors.ts';
import type { ProviderSettings } from '../provider-adapter.ts';
import { findProvider } from '../provider-table.ts';
import { keylessProviderIds } from './index.ts';

const ask: CanonicalRequest = {
  model: 'x',
  stream: true,
  maxTokens: 300,
  seed: 7,
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'I should call the tool.' },
        { type: 'tool_call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool_result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] }] },
  ],
  reasoning: { effort: 'high' },
};

/** A row of the provider table, its settings from `env`, and the request its adapter builds. */
async function build(providerId: string, env: Record<string, string>, model: string, request: CanonicalRequest = ask) {
  const provider = findProvider(providerId);
  assert.ok(provider, `${providerId} is in the provider table`);
  const settings = provider.settingsFromEnv(env);
  assert.ok(settings, `${providerId} is enabled by ${Object.keys(env).join(', ')}`);
  const upstream = await provider.adapterFor(model).buildRequest(request, model, settings);
  return { settings, upstream, body: JSON.parse(upstream.body ?? '{}') };
}

describe('the OpenAI-compatible provider table', () => {
  it('Groq: its base URL, a bearer key, max_completion_tokens, usage on streams, reasoning effort dropped for Llama', async () => {
    const { upstream, body } = await build('groq', { GROQ_API_KEY: 'gsk-test' }, 'llama-3.3-70b-versatile');
    assert.equal(upstream.url, 'https://api.groq.com/openai/v1/chat/completions');
    assert.equal(upstream.headers.authorization, 'Bearer gsk-test');
    assert.equal(upstream.headers.accept, 'text/event-stream');
    assert.equal(body.model, 'llama-3.3-70b-versatile');
    assert.equal(body.max_completion_tokens, 300);
    assert.equal(body.max_tokens, undefined);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.reasoning_effort, undefined);
    assert.equal(body.messages[1].reasoning, undefined, 'Groq gets no reasoning back');
  });

  it('Groq: gpt-oss models take reasoning_effort (a per-model quirk)', async () => {
    const { body } = await build('groq', { GROQ_API_KEY: 'gsk-test' }, 'openai/gpt-oss-120b');
    assert.equal(body.reasoning_effort, 'high');
  });

  it('DeepSeek: no /v1, max_tokens, and earlier reasoning sent back as reasoning_content', async () => {
    const { upstream, body } = await build('deepseek', { DEEPSEEK_API_KEY: 'sk-ds' }, 'deepseek-reasoner');
    assert.equal(upstream.url, 'https://api.deepseek.com/chat/completions');
    assert.equal(body.max_tokens, 300);
    assert.deepEqual(body.messages[1], {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
      reasoning_content: 'I should call the tool.',
    });
    assert.equal(body.reasoning_effort, undefined);
  });

  it('Ollama: on with only OLLAMA_BASE_URL, and sends no authorization header', async () => {
    const { settings, upstream, body } = await build('ollama', { OLLAMA_BASE_URL: 'http://gpu-box:11434/v1/' }, 'llama3.2');
    assert.equal(settings.apiKey, undefined);
    assert.equal(upstream.url, 'http://gpu-box:11434/v1/chat/completions');
    assert.equal(upstream.headers.authorization, undefined);
    assert.equal(body.max_tokens, 300);
    assert.ok(keylessProviderIds.has('ollama') && keylessProviderIds.has('vllm') && keylessProviderIds.has('llamacpp'));
  });

  it('a keyed provider stays off without its key, even with a base URL', () => {
    assert.equal(findProvider('groq')?.settingsFromEnv({ GROQ_BASE_URL: 'https://proxy.example/v1' }), undefined);
    assert.equal(findProvider('ollama')?.settingsFromEnv({}), undefined);
    assert.equal(findProvider('ollama')?.settingsFromEnv({ OLLAMA_API_KEY: 'k' })?.baseUrl, 'http://127.0.0.1:11434/v1');
  });

  it('Mistral: `seed` is spelled random_seed and stream_options is not sent', async () => {
    const { body } = await build('mistral', { MISTRAL_API_KEY: 'm' }, 'mistral-large-latest');
    assert.equal(body.random_seed, 7);
    assert.equal(body.seed, undefined);
    assert.equal(body.stream_options, undefined);
    const passthrough = JSON.parse(findProvider('mistral')!.adapterFor('mistral-small-latest').passthroughBody!({ model: 'mistralai/mistral-small', seed: 3, messages: [] }, 'mistral-small-latest'));
    assert.deepEqual(passthrough, { model: 'mistral-small-latest', random_seed: 3, messages: [] });
  });

  it('xAI: reasoning_effort for grok-3-mini only (grok-4 answers it with a 400)', async () => {
    assert.equal((await build('xai', { XAI_API_KEY: 'x' }, 'grok-3-mini')).body.reasoning_effort, 'high');
    assert.equal((await build('xai', { XAI_API_KEY: 'x' }, 'grok-4')).body.reasoning_effort, undefined);
  });

  it('OpenRouter: attribution headers from OPENROUTER_REFERER / OPENROUTER_TITLE', async () => {
    const { upstream } = await build('openrouter', { OPENROUTER_API_KEY: 'or', OPENROUTER_REFERER: 'https://app.example', OPENROUTER_TITLE: 'My App' }, 'x-ai/grok-4');
    assert.equal(upstream.url, 'https://openrouter.ai/api/v1/chat/completions');
    assert.equal(upstream.headers['HTTP-Referer'], 'https://app.example');
    assert.equal(upstream.headers['X-Title'], 'My App');
  });

  it('top_k goes to providers that take it and is a clear 400 for those that do not', async () => {
    const withTopK = { ...ask, topK: 40 };
    assert.equal((await build('together', { TOGETHER_API_KEY: 't' }, 'meta-llama/Llama-3.3-70B-Instruct-Turbo', withTopK)).body.top_k, 40);
    await assert.rejects(
      build('groq', { GROQ_API_KEY: 'g' }, 'llama-3.3-70b-versatile', withTopK),
      (error: unknown) => error instanceof GatewayError && error.code === 'unsupported_feature' && error.param === 'top_k',
    );
  });

  it('every row builds `{base}/chat/completions` from its default base URL', async () => {
    for (const id of ['groq', 'together', 'fireworks', 'mistral', 'deepseek', 'xai', 'openrouter', 'ollama', 'vllm', 'llamacpp']) {
      const provider = findProvider(id)!;
      const prefix = id.toUpperCase();
      const settings = provider.settingsFromEnv({ [`${prefix}_API_KEY`]: 'k' }) as ProviderSettings;
      const upstream = await provider.adapterFor('m').buildRequest({ ...ask, stream: false }, 'm', settings);
      assert.match(upstream.url, /^https?:\/\/[^/]+(\/.*)?\/chat\/completions$/, id);
      assert.equal(upstream.headers.authorization, 'Bearer k', id);
      assert.equal(provider.adapterFor('m').wireFormat, 'openai-chat');
    }
  });
});
