import type { Prompt } from './prompt.ts';
import type { PromptCache } from './prompt-cache.ts';
import { exampleFromSchema } from './schema-example.ts';
import { signThinking } from './thinking-signature.ts';
import { countTokens, IMAGE_TOKENS } from './tokens.ts';

export type PlannedToolCall = { name: string; arguments: Record<string, unknown> };

export type ReplyFinish = 'stop' | 'length' | 'tool_calls' | 'stop_sequence';

/** Token usage in one set of semantics; `input` includes cached tokens, `output` includes reasoning. */
export type ReplyUsage = { input: number; output: number; reasoning: number; cacheRead: number; cacheWrite: number };

/** What the emulated model answers, before any dialect renders it. */
export type ReplyPlan = {
  thinking?: { text: string; signature: string };
  /** Absent when the model only calls tools. */
  text?: string;
  toolCalls: PlannedToolCall[];
  finish: ReplyFinish;
  stopSequence?: string;
  usage: ReplyUsage;
};

/**
 * The emulator's deterministic model (documented in docs/emulator.md): echo the last user
 * message, call the tools it names, report tool results back, fill schemas with examples.
 * `replyOverride` is text set through the control API for this one request.
 */
export function planReply(prompt: Prompt, cache: PromptCache, replyOverride?: string): ReplyPlan {
  const lastText = prompt.last.kind === 'user' ? prompt.last.text : '';
  const thinking = prompt.thinking ? thought(`Thinking about: ${lastText}`) : undefined;
  const toolCalls = replyOverride === undefined ? chooseToolCalls(prompt) : [];

  let text: string | undefined;
  let finish: ReplyFinish = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  let stopSequence: string | undefined;
  if (toolCalls.length === 0) {
    text = replyOverride ?? replyText(prompt);
    const cut = earliestStop(text, prompt.stop);
    if (cut) {
      text = text.slice(0, cut.at);
      finish = 'stop_sequence';
      stopSequence = cut.sequence;
    }
    if (prompt.maxTokens !== undefined && countTokens(text) > prompt.maxTokens) {
      text = text.slice(0, prompt.maxTokens * 4);
      finish = 'length';
      stopSequence = undefined;
    }
  }

  const reasoning = thinking ? countTokens(thinking.text) : 0;
  const output =
    reasoning + countTokens(text ?? '') + toolCalls.reduce((sum, call) => sum + countTokens(JSON.stringify(call.arguments)), 0);
  const input = countTokens(prompt.text) + IMAGE_TOKENS * prompt.images;
  const cached = prompt.cachePrefix ? cache.explicit(prompt.cachePrefix) : cache.automatic(prompt.text);
  return {
    ...(thinking ? { thinking } : {}),
    ...(text !== undefined ? { text } : {}),
    toolCalls,
    finish,
    ...(stopSequence !== undefined ? { stopSequence } : {}),
    usage: { input: Math.max(input, cached.cacheRead + cached.cacheWrite), output, reasoning, ...cached },
  };
}

function thought(text: string): { text: string; signature: string } {
  return { text, signature: signThinking(text) };
}

function replyText(prompt: Prompt): string {
  const last = prompt.last;
  if (last.kind === 'tool_results') return `Results: ${last.results.join('; ')}`;
  if (prompt.output.kind === 'schema') return JSON.stringify(exampleFromSchema(prompt.output.schema));
  if (prompt.output.kind === 'json') return JSON.stringify({ echo: last.text });
  const images = last.images > 0 ? ` [${last.images} image${last.images === 1 ? '' : 's'}]` : '';
  return `Echo: ${last.text}${images}`;
}

/**
 * The model calls tools when offered, allowed, and the user (not a tool result) spoke last:
 * every tool named in the user's text in order of appearance, else the forced or first tool.
 */
function chooseToolCalls(prompt: Prompt): PlannedToolCall[] {
  if (prompt.tools.length === 0 || prompt.toolChoice === 'none' || prompt.last.kind !== 'user') return [];
  const text = prompt.last.text;
  const call = (name: string): PlannedToolCall => {
    const tool = prompt.tools.find((t) => t.name === name);
    const args = exampleFromSchema(tool?.schema ?? {});
    return { name, arguments: typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {} };
  };
  const forced = prompt.toolChoice;
  if (typeof forced === 'object') return [call(forced.name)];
  const named = prompt.tools
    .map((tool) => ({ name: tool.name, at: text.indexOf(tool.name) }))
    .filter((tool) => tool.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((tool) => call(tool.name));
  const calls = named.length > 0 ? named : [call(prompt.tools[0].name)];
  return prompt.parallelToolCalls ? calls : calls.slice(0, 1);
}

function earliestStop(text: string, stops: string[]): { at: number; sequence: string } | undefined {
  let best: { at: number; sequence: string } | undefined;
  for (const sequence of stops) {
    if (!sequence) continue;
    const at = text.indexOf(sequence);
    if (at >= 0 && (!best || at < best.at)) best = { at, sequence };
  }
  return best;
}
