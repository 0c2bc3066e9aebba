import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';
import { DEFAULT_CATALOG_DIR, type CatalogModel } from '../routing/catalog/load-catalog.ts';

/**
 * The subset of JSON Schema a media model's parameters use: an object of flat properties,
 * each a string / integer / number / boolean (optionally an `enum`, bounds, a default) or a
 * `file` (an upload: the image to edit, the audio to transcribe).
 */
const propertySchema = z.object({
  type: z.enum(['string', 'integer', 'number', 'boolean', 'file']),
  enum: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  maxLength: z.int().positive().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().optional(),
});

export const parameterSchemaSchema = z.object({
  type: z.literal('object'),
  properties: z.record(z.string(), propertySchema),
  required: z.array(z.string()).optional(),
});

export type ParameterSchema = z.infer<typeof parameterSchemaSchema>;
export type PropertySchema = z.infer<typeof propertySchema>;

/**
 * A model's parameter schema: inline in its catalog entry, or named (`"openai-speech"`) and read
 * from `<catalogDir>/parameters/<name>.json` (then from the bundled catalog's), validated once and
 * cached. Undefined for a model with no `parameters` (chat models, or one not in the catalog).
 */
export function parameterSchemaSource(catalogDir: string = DEFAULT_CATALOG_DIR) {
  const named = new Map<string, ParameterSchema>();
  const inline = new WeakMap<object, ParameterSchema>();
  return (model: CatalogModel | undefined): ParameterSchema | undefined => {
    const declared = model?.parameters;
    if (declared === undefined) return undefined;
    if (typeof declared === 'string') {
      let schema = named.get(declared);
      if (!schema) {
        schema = readNamed(declared, catalogDir, model!.id);
        named.set(declared, schema);
      }
      return schema;
    }
    let schema = inline.get(declared);
    if (!schema) {
      schema = parse(declared, `${model!.id} parameters`);
      inline.set(declared, schema);
    }
    return schema;
  };
}

function readNamed(name: string, catalogDir: string, modelId: string): ParameterSchema {
  const path = [join(catalogDir, 'parameters', `${name}.json`), join(DEFAULT_CATALOG_DIR, 'parameters', `${name}.json`)].find((candidate) => existsSync(candidate));
  if (!path) throw GatewayError.internal(`The catalog names parameter schema '${name}' for ${modelId}, but catalog/parameters/${name}.json does not exist.`);
  return parse(JSON.parse(readFileSync(path, 'utf8')), `parameters/${name}.json`);
}

function parse(json: unknown, where: string): ParameterSchema {
  const parsed = parameterSchemaSchema.safeParse(json);
  if (!parsed.success) throw GatewayError.internal(`Invalid parameter schema in ${where}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
