import type { Dialect } from './dialect.ts';
import type { CallRoute } from './handle-call.ts';
import type { EmbeddingsRoute } from './embeddings.ts';
import { openaiChat } from './openai-chat.ts';

/**
 * The OpenAI-compatible providers the emulator serves, each under its own path prefix shaped
 * like the real base URL (Groq's `/openai/v1`, DeepSeek's bare host), so one emulator stands in
 * for all of them and the request log and fault queue tell them apart by id.
 */
export const emulatedCompatibleProviders = [
  { id: 'groq', envPrefix: 'GROQ', basePath: '/groq/openai/v1' },
  { id: 'together', envPrefix: 'TOGETHER', basePath: '/together/v1' },
  { id: 'fireworks', envPrefix: 'FIREWORKS', basePath: '/fireworks/inference/v1' },
  // Mistral always ends a stream with usage and rejects `stream_options` (fixtures/mistral/stream-text.chunks.txt).
  { id: 'mistral', envPrefix: 'MISTRAL', basePath: '/mistral/v1', alwaysStreamUsage: true },
  { id: 'deepseek', envPrefix: 'DEEPSEEK', basePath: '/deepseek' },
  { id: 'xai', envPrefix: 'XAI', basePath: '/xai/v1' },
  { id: 'openrouter', envPrefix: 'OPENROUTER', basePath: '/openrouter/api/v1' },
  // Local servers take no key.
  { id: 'ollama', envPrefix: 'OLLAMA', basePath: '/ollama/v1', keyless: true },
  { id: 'vllm', envPrefix: 'VLLM', basePath: '/vllm/v1', keyless: true },
  { id: 'llamacpp', envPrefix: 'LLAMACPP', basePath: '/llamacpp/v1', keyless: true },
] as const satisfies readonly CompatibleRow[];

type CompatibleRow = { id: string; envPrefix: string; basePath: string; keyless?: boolean; alwaysStreamUsage?: boolean };

/** The id of an emulated OpenAI-compatible provider (`groq`, `mistral`, ...). */
export type CompatibleProviderId = (typeof emulatedCompatibleProviders)[number]['id'];

/** The OpenAI dialect as one compatible provider speaks it: its own id, its key rules, its usage habit. */
function compatibleDialect(row: CompatibleRow & { id: CompatibleProviderId }): Dialect {
  return {
    ...openaiChat,
    provider: row.id,
    apiKey: (headers, url) => openaiChat.apiKey(headers, url) ?? (row.keyless ? 'keyless' : undefined),
    parse(body, route) {
      const prompt = openaiChat.parse(body, route);
      return row.alwaysStreamUsage ? { ...prompt, streamUsage: true } : prompt;
    },
  };
}

const dialects = new Map(emulatedCompatibleProviders.map((row) => [row.id, compatibleDialect(row)]));

/** What a request under a compatible provider's prefix is: a chat call or an embeddings call. */
export type CompatibleRoute = { kind: 'chat'; call: CallRoute } | { kind: 'embeddings'; embeddings: EmbeddingsRoute };

/** The compatible provider route a request names, if any. */
export function compatibleRoute(method: string, path: string): CompatibleRoute | undefined {
  if (method !== 'POST') return undefined;
  for (const row of emulatedCompatibleProviders) {
    if (!path.startsWith(`${row.basePath}/`)) continue;
    const dialect = dialects.get(row.id)!;
    const rest = path.slice(row.basePath.length);
    if (rest === '/chat/completions') return { kind: 'chat', call: { dialect, sse: true } };
    if (rest === '/embeddings') return { kind: 'embeddings', embeddings: { kind: 'openai', dialect } };
  }
  return undefined;
}

/** `<PREFIX>_BASE_URL` for every compatible provider, pointing at the emulator at `url`. */
export function compatibleEnv(url: string): Record<`${(typeof emulatedCompatibleProviders)[number]['envPrefix']}_BASE_URL`, string> {
  const entries = emulatedCompatibleProviders.map((row) => [`${row.envPrefix}_BASE_URL`, `${url}${row.basePath}`]);
  return Object.fromEntries(entries) as Record<`${(typeof emulatedCompatibleProviders)[number]['envPrefix']}_BASE_URL`, string>;
}
