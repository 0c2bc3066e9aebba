/** A JSON Schema as clients send it (OpenAI/Anthropic JSON Schema, or Gemini's OpenAPI subset with upper-case types). */
export type JsonSchema = { [key: string]: unknown };

/**
 * A deterministic value satisfying `schema`: required properties only, strings `"example"`
 * (or the first enum value), numbers and integers 1, booleans true, arrays empty. Used for
 * tool-call arguments and structured output alike, so one generator serves every dialect.
 */
export function exampleFromSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 32) return null;
  const s = schema as JsonSchema;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (typeof s.$ref === 'string') return exampleFromSchema(resolveRef(root, s.$ref), root, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      const pick = options.find((o) => typeOf(o) !== 'null') ?? options[0];
      return exampleFromSchema({ ...s, [key]: undefined, ...(pick as JsonSchema) }, root, depth + 1);
    }
  }
  switch (typeOf(s)) {
    case 'string':
      return 'example';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'null':
      return null;
    default: {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      const value: Record<string, unknown> = {};
      for (const name of required) value[name] = exampleFromSchema(properties[name] ?? {}, root, depth + 1);
      return value;
    }
  }
}

/** Lower-cased type name; a nullable union (`["string","null"]`) counts as its non-null member. */
function typeOf(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const type = (schema as JsonSchema).type;
  if (Array.isArray(type)) {
    const first = type.find((t) => String(t).toLowerCase() !== 'null') ?? type[0];
    return first === undefined ? undefined : String(first).toLowerCase();
  }
  if (typeof type === 'string') return type.toLowerCase();
  if ('properties' in (schema as JsonSchema)) return 'object';
  return undefined;
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const segment of ref.slice(1).split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return {};
    node = (node as JsonSchema)[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node ?? {};
}
