import { GatewayError } from '../../core/errors.ts';
import { effortToBudget } from '../../core/reasoning-budget.ts';
import type { CanonicalRequest } from '../../core/request.ts';
import type { GeminiGenerationConfig } from '../../wire/gemini.ts';
import { withoutMetaKeys } from './prepare-gemini-tools.ts';

/** Canonical sampling fields and their Gemini `generationConfig` names: differences as data. */
const samplingFields = [
  ['maxTokens', 'maxOutputTokens'],
  ['temperature', 'temperature'],
  ['topP', 'topP'],
  ['topK', 'topK'],
  ['stop', 'stopSequences'],
  ['seed', 'seed'],
  ['presencePenalty', 'presencePenalty'],
  ['frequencyPenalty', 'frequencyPenalty'],
] as const satisfies ReadonlyArray<readonly [keyof CanonicalRequest, keyof GeminiGenerationConfig]>;

/**
 * `generationConfig` for a canonical request, or undefined when nothing is set.
 * - `n` > 1 is refused: Gemini's candidateCount works, but the canonical response holds one choice.
 * - json_schema → responseMimeType + `responseJsonSchema` (full JSON Schema; the older
 *   `responseSchema` is an OpenAPI subset that rejects additionalProperties).
 * - reasoning → thinkingConfig; an effort becomes a budget via core/reasoning-budget.ts.
 */
export function buildGeminiGenerationConfig(request: CanonicalRequest): GeminiGenerationConfig | undefined {
  const config: Record<string, unknown> = {};
  for (const [from, to] of samplingFields) {
    const value = request[from];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) config[to] = value;
  }
  if (request.n !== undefined && request.n > 1) throw GatewayError.unsupported('More than one choice (n > 1)', 'google', 'n');

  const format = request.responseFormat;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  else if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = withoutMetaKeys(format.schema);
  }

  const reasoning = request.reasoning;
  if (reasoning !== undefined) {
    const thinking: NonNullable<GeminiGenerationConfig['thinkingConfig']> = {};
    if (reasoning.disabled) thinking.thinkingBudget = 0;
    else if (reasoning.budgetTokens !== undefined) thinking.thinkingBudget = reasoning.budgetTokens;
    else if (reasoning.effort !== undefined) thinking.thinkingBudget = effortToBudget(reasoning.effort);
    if (reasoning.includeThoughts !== undefined && !reasoning.disabled) thinking.includeThoughts = reasoning.includeThoughts;
    if (Object.keys(thinking).length > 0) config.thinkingConfig = thinking;
  }
  return Object.keys(config).length > 0 ? (config as GeminiGenerationConfig) : undefined;
}
