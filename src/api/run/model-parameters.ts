import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../../core/errors.ts';
import type { CatalogModel } from '../../routing/catalog/catalog-schema.ts';
import type { ParameterSchema } from './validate-input.ts';

const shared = new Map<string, ParameterSchema>();

/** A media model's parameter schema: inline in its catalog entry, or a family file in `catalog/parameters/`. */
export function modelParameters(model: CatalogModel, catalogDir: string): ParameterSchema {
  const parameters = model.parameters;
  if (parameters === undefined) return { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] };
  if (typeof parameters !== 'string') return parameters as ParameterSchema;
  const path = join(catalogDir, 'parameters', `${parameters}.json`);
  let schema = shared.get(path);
  if (!schema) {
    try {
      schema = JSON.parse(readFileSync(path, 'utf8')) as ParameterSchema;
    } catch {
      throw GatewayError.internal(`The catalog names parameter schema '${parameters}' for ${model.id}, but catalog/parameters/${parameters}.json cannot be read.`);
    }
    shared.set(path, schema);
  }
  return schema;
}
