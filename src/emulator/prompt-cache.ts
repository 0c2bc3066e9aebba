import { countTokens } from './tokens.ts';

/** OpenAI and Gemini cache prompt prefixes automatically from this size up. */
const MIN_CACHEABLE_TOKENS = 1024;
const MAX_ENTRIES = 256;

export type CacheUsage = { cacheRead: number; cacheWrite: number };

/**
 * The emulator's small in-memory prompt cache. Two policies, as the providers have:
 * explicit breakpoints (Anthropic `cache_control`: first sight writes, later sights read) and
 * automatic prefixes (OpenAI, Gemini: a repeated prefix of at least 1024 tokens is read from cache).
 */
export class PromptCache {
  #explicit = new Set<string>();
  #prompts: string[] = [];

  explicit(prefix: { key: string; tokens: number }): CacheUsage {
    if (this.#explicit.has(prefix.key)) return { cacheRead: prefix.tokens, cacheWrite: 0 };
    this.#remember(this.#explicit, prefix.key);
    return { cacheRead: 0, cacheWrite: prefix.tokens };
  }

  /** Tokens of the longest earlier prompt that `text` starts with, when long enough to be cached. */
  automatic(text: string): CacheUsage {
    let longest = 0;
    for (const seen of this.#prompts) if (seen.length > longest && text.startsWith(seen)) longest = seen.length;
    if (!this.#prompts.includes(text)) {
      this.#prompts.push(text);
      if (this.#prompts.length > MAX_ENTRIES) this.#prompts.shift();
    }
    // Floor, not ceil: a cached prefix never exceeds the prompt it belongs to.
    const tokens = Math.floor(longest / 4);
    return { cacheRead: tokens >= MIN_CACHEABLE_TOKENS && countTokens(text) >= tokens ? tokens : 0, cacheWrite: 0 };
  }

  clear(): void {
    this.#explicit.clear();
    this.#prompts = [];
  }

  #remember(set: Set<string>, key: string): void {
    set.add(key);
    if (set.size > MAX_ENTRIES) set.delete(set.values().next().value as string);
  }
}
