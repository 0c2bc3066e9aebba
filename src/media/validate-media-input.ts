import { GatewayError } from '../core/errors.ts';
import type { MediaRequest } from '../core/media.ts';
import type { ParameterSchema, PropertySchema } from './parameter-schema.ts';

/**
 * Checks a request's `input` and files against the model's parameter schema and returns the input
 * with defaults filled in. Every refusal is a 400 naming the parameter (`param`) and saying what
 * is accepted: the parameter names for an unknown one, the values for an enum, the bounds for a
 * number. Numbers and booleans given as text (multipart form fields) are read as such.
 */
export function validateMediaInput(request: MediaRequest, schema: ParameterSchema): Record<string, unknown> {
  const { properties } = schema;
  const model = request.model;
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(request.input)) {
    if (raw === undefined || raw === null) continue;
    const property = properties[name];
    if (!property || property.type === 'file') {
      const accepted = Object.keys(properties).join(', ');
      throw GatewayError.invalidRequest(`'${name}' is not a parameter of ${model}. Accepted parameters: ${accepted}.`, name);
    }
    input[name] = checkValue(name, coerce(raw, property), property, model);
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.type === 'file') continue;
    if (input[name] === undefined && property.default !== undefined) input[name] = property.default;
  }
  for (const [name, file] of Object.entries(request.files ?? {})) {
    if (properties[name]?.type !== 'file') throw GatewayError.unsupported(`A file for '${name}'`, model, name);
    if (file.kind === 'inline' && file.data.length === 0) throw GatewayError.invalidRequest(`The '${name}' file is empty.`, name);
  }
  for (const name of schema.required ?? []) {
    const present = properties[name]?.type === 'file' ? request.files?.[name] !== undefined : input[name] !== undefined && input[name] !== '';
    if (!present) throw GatewayError.invalidRequest(`'${name}' is required for ${model}.`, name);
  }
  return input;
}

function coerce(value: unknown, property: PropertySchema): unknown {
  if (typeof value !== 'string') return value;
  if ((property.type === 'integer' || property.type === 'number') && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (property.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function checkValue(name: string, value: unknown, property: PropertySchema, model: string): unknown {
  const type = property.type;
  const typeOk =
    type === 'string' ? typeof value === 'string'
    : type === 'boolean' ? typeof value === 'boolean'
    : type === 'integer' ? Number.isInteger(value)
    : typeof value === 'number' && Number.isFinite(value);
  if (!typeOk) throw GatewayError.invalidRequest(`'${name}' must be ${type === 'integer' ? 'an integer' : `a ${type}`} for ${model}; got ${JSON.stringify(value)}.`, name);
  if (property.enum && !property.enum.includes(value as string | number | boolean)) {
    throw GatewayError.invalidRequest(`${JSON.stringify(value)} is not a valid '${name}' for ${model}. Accepted values: ${property.enum.join(', ')}.`, name);
  }
  if (typeof value === 'number') {
    const { minimum, maximum } = property;
    if ((minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum)) {
      const range = minimum !== undefined && maximum !== undefined ? `from ${minimum} to ${maximum}` : minimum !== undefined ? `at least ${minimum}` : `at most ${maximum}`;
      throw GatewayError.invalidRequest(`'${name}' must be ${range} for ${model}; got ${value}.`, name);
    }
  }
  if (typeof value === 'string' && property.maxLength !== undefined && [...value].length > property.maxLength) {
    throw GatewayError.invalidRequest(`'${name}' must be at most ${property.maxLength} characters for ${model}.`, name);
  }
  return value;
}
