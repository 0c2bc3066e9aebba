import type { OpenAiCompatibleQuirks } from '../openai/quirks.ts';

/** Quirks that hold for some of a provider's models only (xAI takes `reasoning_effort` on grok-3-mini alone). */
export type ModelQuirks = {
  /** Matched against the upstream model id. */
  match: RegExp;
  quirks: Partial<OpenAiCompatibleQuirks>;
};

/**
 * One OpenAI-compatible provider, as data: where it lives, which environment variables
 * configure it, and how its Chat Completions dialect differs from OpenAI's.
 */
export type CompatibleProviderSpec = {
  id: string;
  displayName: string;
  defaultBaseUrl: string;
  /** `GROQ` → `GROQ_API_KEY` and `GROQ_BASE_URL`. */
  envPrefix: string;
  /**
   * Local servers (Ollama, vLLM, llama.cpp) need no key: they are on when their base URL
   * (or a key) is set, or when the config file names them.
   */
  keyless?: boolean;
  quirks: OpenAiCompatibleQuirks;
  modelQuirks?: ModelQuirks[];
  /** Request fields the provider spells differently (Mistral's `random_seed` for `seed`). */
  renameFields?: Record<string, string>;
  /** Optional headers taken from environment variables: header name → variable name. */
  headersFromEnv?: Record<string, string>;
};
