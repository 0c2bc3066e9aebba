import { GatewayError } from '../../core/errors.ts';
import { budgetToEffort } from '../../core/reasoning-budget.ts';
import type { ReasoningConfig } from '../../core/request.ts';
import { resolveAnthropicThinking } from '../anthropic/resolve-anthropic-thinking.ts';
import { bedrockModelFamily } from './bedrock-model-family.ts';

export type BedrockReasoningFields = {
  /** Set when reasoning needs a larger answer budget than the client gave (Claude: max_tokens > budget). */
  maxTokens?: number;
  additionalFields: Record<string, unknown>;
};

/**
 * Reasoning as each model family on Bedrock spells it in `additionalModelRequestFields`:
 * Claude `thinking: {type:'enabled', budget_tokens}` (converse-reasoning-claude.vcr.yaml), with
 * Anthropic's own max_tokens rules; Nova 2 `reasoningConfig: {type:'enabled', maxReasoningEffort}`;
 * gpt-oss `reasoning_effort`. Other models have no documented switch: a 400 naming it.
 */
export function resolveBedrockReasoning(
  modelId: string,
  maxTokens: number | undefined,
  reasoning: ReasoningConfig | undefined,
  provider: string,
): BedrockReasoningFields {
  if (!reasoning || reasoning.disabled || (reasoning.effort === undefined && reasoning.budgetTokens === undefined)) {
    return { additionalFields: {} };
  }
  const family = bedrockModelFamily(modelId);
  const effort = reasoning.effort ?? budgetToEffort(reasoning.budgetTokens!);
  const coarse = effort === 'minimal' ? 'low' : effort;
  switch (family) {
    case 'anthropic': {
      const resolved = resolveAnthropicThinking(modelId, maxTokens, reasoning);
      return { maxTokens: resolved.max_tokens, additionalFields: resolved.thinking ? { thinking: resolved.thinking } : {} };
    }
    case 'nova-2':
      return { additionalFields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: coarse } } };
    case 'gpt-oss':
      return { additionalFields: { reasoning_effort: coarse } };
    default:
      throw GatewayError.unsupported(`Reasoning on model '${modelId}'`, provider, 'reasoning_effort');
  }
}
