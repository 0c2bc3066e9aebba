import type { ReasoningEffort } from './request.ts';

/**
 * Effort levels and thinking budgets are two ways of saying the same thing. These figures
 * follow the providers' own guidance: Anthropic's minimum budget is 1024 tokens, and
 * OpenAI-compatible gateways conventionally map low/medium/high to ~20/50/80% of max tokens;
 * we use fixed budgets so the cost of a request does not depend on its max_tokens.
 */
const budgetByEffort: Record<ReasoningEffort, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
};

export function effortToBudget(effort: ReasoningEffort): number {
  return budgetByEffort[effort];
}

export function budgetToEffort(budget: number): ReasoningEffort {
  if (budget <= budgetByEffort.minimal) return 'minimal';
  if (budget <= budgetByEffort.low) return 'low';
  if (budget <= budgetByEffort.medium) return 'medium';
  return 'high';
}
