import { GatewayError } from '../../core/errors.ts';
import { effortToBudget } from '../../core/reasoning-budget.ts';
import type { ReasoningConfig } from '../../core/request.ts';
import type { AnthropicThinkingConfig } from '../../wire/anthropic-messages.ts';

/** Anthropic's smallest accepted thinking budget. */
const minimumBudget = 1024;

/**
 * Default answer length when the client gives none (Anthropic requires max_tokens). Claude 3
 * models cap output at 4096 tokens; later ones take at least 8192. First match wins.
 */
const defaultMaxTokensByModel: Array<[RegExp, number]> = [
  [/claude-3-(opus|sonnet|haiku)(?!-4)/, 4096],
  [/claude-3-5-/, 8192],
  [/claude-instant|claude-2/, 4096],
];
const defaultMaxTokens = 8192;

export function defaultAnthropicMaxTokens(model: string): number {
  return defaultMaxTokensByModel.find(([pattern]) => pattern.test(model))?.[1] ?? defaultMaxTokens;
}

export type AnthropicOutputFields = { max_tokens: number; thinking?: AnthropicThinkingConfig };

/**
 * max_tokens and the thinking config together, since Anthropic requires max_tokens > budget_tokens
 * (both count the same output tokens). An effort level is our own estimate, so its budget
 * shrinks to fit a client's max_tokens; an explicit budget that does not fit is a 400.
 */
export function resolveAnthropicThinking(
  model: string,
  maxTokens: number | undefined,
  reasoning: ReasoningConfig | undefined,
): AnthropicOutputFields {
  if (reasoning?.disabled) return { max_tokens: maxTokens ?? defaultAnthropicMaxTokens(model), thinking: { type: 'disabled' } };

  const explicit = reasoning?.budgetTokens;
  let budget = explicit ?? (reasoning?.effort ? effortToBudget(reasoning.effort) : undefined);
  if (budget === undefined) return { max_tokens: maxTokens ?? defaultAnthropicMaxTokens(model) };

  if (maxTokens === undefined) {
    // Room for the thinking plus a normal-length answer.
    return { max_tokens: budget + defaultAnthropicMaxTokens(model), thinking: { type: 'enabled', budget_tokens: budget } };
  }
  if (budget >= maxTokens) {
    if (explicit !== undefined) {
      throw GatewayError.invalidRequest(`max_tokens (${maxTokens}) must be greater than the thinking budget (${explicit}) for Anthropic models.`, 'max_tokens');
    }
    budget = maxTokens - 1;
    if (budget < minimumBudget) {
      throw GatewayError.invalidRequest(`Reasoning on Anthropic models needs max_tokens above ${minimumBudget}; got ${maxTokens}.`, 'max_tokens');
    }
  }
  return { max_tokens: maxTokens, thinking: { type: 'enabled', budget_tokens: budget } };
}
