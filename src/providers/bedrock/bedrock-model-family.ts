/**
 * Which model maker a Bedrock model id belongs to, for the fields Converse leaves to the model
 * (`additionalModelRequestFields`). Ids come bare (`anthropic.claude-…`), as inference profiles
 * (`us.anthropic.claude-…`, `global.…`) or as ARNs ending in either.
 */
export type BedrockModelFamily = 'anthropic' | 'nova-2' | 'gpt-oss' | 'other';

const families: Array<[RegExp, BedrockModelFamily]> = [
  [/(?:^|[./])anthropic\./, 'anthropic'],
  [/(?:^|[./])amazon\.nova-2/, 'nova-2'],
  [/(?:^|[./])openai\.gpt-oss/, 'gpt-oss'],
];

export function bedrockModelFamily(modelId: string): BedrockModelFamily {
  return families.find(([pattern]) => pattern.test(modelId))?.[1] ?? 'other';
}
