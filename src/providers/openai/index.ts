import { createOpenAiCompatibleAdapter } from './create-openai-compatible-adapter.ts';
import { openAiQuirks } from './quirks.ts';

export { createOpenAiCompatibleAdapter } from './create-openai-compatible-adapter.ts';
export { openAiQuirks, type OpenAiCompatibleQuirks } from './quirks.ts';

/** OpenAI's Chat Completions API. */
export const openAiAdapter = createOpenAiCompatibleAdapter('openai', openAiQuirks);
