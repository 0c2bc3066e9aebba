import { GatewayError } from '../../core/errors.ts';

/** The JSON-schema subset catalog parameter schemas use. */
export type ParameterSchema = {
  type?: string;
  properties?: Record<string, ParameterSchema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
  items?: ParameterSchema;
};

/**
 * Checks a run's `input` against the model's parameter schema and fills in defaults. Unknown
 * parameters are refused rather than silently dropped: the 400 names the parameter and what
 * the model accepts, so a client switching models learns what to change.
 */
export function validateInput(input: Record<string, unknown>, schema: ParameterSchema, model: string): Record<string, unknown> {
  const properties = schema.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const property = properties[name];
    if (!property) {
      throw GatewayError.invalidRequest(`Model '${model}' has no parameter '${name}'. Accepted parameters: ${Object.keys(properties).join(', ')}.`, `input.${name}`);
    }
    checkValue(value, property, `input.${name}`, model);
    out[name] = value;
  }
  for (const name of schema.required ?? []) {
    if (out[name] === undefined) throw GatewayError.invalidRequest(`Model '${model}' needs the parameter '${name}'.`, `input.${name}`);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (out[name] === undefined && property.default !== undefined) out[name] = property.default;
  }
  return out;
}

function checkValue(value: unknown, schema: ParameterSchema, path: string, model: string): void {
  const fail = (expected: string) => {
    throw GatewayError.invalidRequest(`Parameter '${path.slice('input.'.length)}' of model '${model}' must be ${expected}; got ${JSON.stringify(value)?.slice(0, 80)}.`, path);
  };
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) fail(`one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') fail('a string');
      if (schema.maxLength !== undefined && (value as string).length > schema.maxLength) fail(`at most ${schema.maxLength} characters`);
      break;
    // A file parameter takes a URL, a data: URI or a gateway file link.
    case 'file':
      if (typeof value !== 'string' || !/^(https?:|data:)/.test(value)) fail('a file: an https URL, a data: URI, or a gateway file link');
      break;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) fail(schema.type === 'integer' ? 'an integer' : 'a number');
      if (schema.minimum !== undefined && (value as number) < schema.minimum) fail(`at least ${schema.minimum}`);
      if (schema.maximum !== undefined && (value as number) > schema.maximum) fail(`at most ${schema.maximum}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      break;
    case 'array':
      if (!Array.isArray(value)) fail('an array');
      if (schema.items) (value as unknown[]).forEach((item, index) => checkValue(item, schema.items!, `${path}[${index}]`, model));
      break;
  }
}
