import type { CompatibleProviderSpec } from './compatible-provider-spec.ts';

/**
 * Every built-in OpenAI-compatible provider, one row each. Requests go to
 * `{baseUrl}/chat/completions` with `Authorization: Bearer <key>` (when there is a key).
 * Quirks were read from each provider's API reference (source on the row).
 */
export const compatibleProviderSpecs: readonly CompatibleProviderSpec[] = [
  {
    // console.groq.com/docs/api-reference: max_tokens is deprecated for max_completion_tokens; reasoning_effort on gpt-oss/qwen3 only.
    id: 'groq',
    displayName: 'Groq',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    envPrefix: 'GROQ',
    quirks: { maxTokensField: 'max_completion_tokens', reasoningEffort: false, streamUsage: true, topK: false },
    modelQuirks: [{ match: /gpt-oss|qwen3/, quirks: { reasoningEffort: true } }],
  },
  {
    // docs.together.ai/reference/chat-completions-1: max_tokens, top_k; reasoning_effort for gpt-oss.
    id: 'together',
    displayName: 'Together AI',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    envPrefix: 'TOGETHER',
    quirks: { maxTokensField: 'max_tokens', reasoningEffort: false, streamUsage: true, topK: true },
    modelQuirks: [{ match: /gpt-oss/, quirks: { reasoningEffort: true } }],
  },
  {
    // fireworks.ai/docs/api-reference/post-chatcompletions: max_tokens, top_k, reasoning_effort.
    id: 'fireworks',
    displayName: 'Fireworks AI',
    defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    envPrefix: 'FIREWORKS',
    quirks: { maxTokensField: 'max_tokens', reasoningEffort: true, streamUsage: true, topK: true },
  },
  {
    // docs.mistral.ai/api: strict schema (unknown fields are a 422): no stream_options (usage comes
    // in the last chunk anyway, fixtures/mistral/stream-text.chunks.txt), `random_seed` not `seed`.
    id: 'mistral',
    displayName: 'Mistral AI',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    envPrefix: 'MISTRAL',
    quirks: { maxTokensField: 'max_tokens', reasoningEffort: false, streamUsage: false, topK: false },
    renameFields: { seed: 'random_seed' },
  },
  {
    // api-docs.deepseek.com: base URL without /v1 (the /v1 alias exists for OpenAI SDKs); reasoning
    // comes as reasoning_content (fixtures/deepseek/stream-tool-call.chunks.txt) and goes back in tool loops.
    id: 'deepseek',
    displayName: 'DeepSeek',
    defaultBaseUrl: 'https://api.deepseek.com',
    envPrefix: 'DEEPSEEK',
    quirks: { maxTokensField: 'max_tokens', reasoningEcho: 'reasoning_content', reasoningEffort: false, streamUsage: true, topK: false },
  },
  {
    // docs.x.ai/docs/guides/reasoning: only grok-3-mini takes reasoning_effort; grok-4 rejects it with a 400.
    id: 'xai',
    displayName: 'xAI',
    defaultBaseUrl: 'https://api.x.ai/v1',
    envPrefix: 'XAI',
    quirks: { maxTokensField: 'max_tokens', reasoningEffort: false, streamUsage: true, topK: false },
    modelQuirks: [{ match: /^grok-3-mini/, quirks: { reasoningEffort: true } }],
  },
  {
    // openrouter.ai/docs/api-reference: normalises every upstream; usage is always sent, reasoning comes as `reasoning`.
    id: 'openrouter',
    displayName: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    envPrefix: 'OPENROUTER',
    quirks: { maxTokensField: 'max_tokens', reasoningEcho: 'reasoning', reasoningEffort: true, streamUsage: true, topK: true },
    // App attribution headers (openrouter.ai/docs/app-attribution).
    headersFromEnv: { 'HTTP-Referer': 'OPENROUTER_REFERER', 'X-Title': 'OPENROUTER_TITLE' },
  },
  {
    // docs.ollama.com/api/openai-compatibility: no key, max_tokens, reasoning_effort, stream_options; no top_k.
    id: 'ollama',
    displayName: 'Ollama',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    envPrefix: 'OLLAMA',
    keyless: true,
    quirks: { maxTokensField: 'max_tokens', reasoningEffort: true, streamUsage: true, topK: false },
  },
  {
    // docs.vllm.ai OpenAI-compatible server: sampling extras such as top_k are accepted in the body.
    id: 'vllm',
    displayName: 'vLLM',
    defaultBaseUrl: 'http://127.0.0.1:8000/v1',
    envPrefix: 'VLLM',
    keyless: true,
    quirks: { maxTokensField: 'max_tokens', reasoningEffort: true, streamUsage: true, topK: true },
  },
  {
    // llama.cpp tools/server README: /v1/chat/completions takes top_k and the usual OpenAI fields.
    id: 'llamacpp',
    displayName: 'llama.cpp server',
    defaultBaseUrl: 'http://127.0.0.1:8080/v1',
    envPrefix: 'LLAMACPP',
    keyless: true,
    quirks: { maxTokensField: 'max_tokens', reasoningEffort: false, streamUsage: true, topK: true },
  },
];
