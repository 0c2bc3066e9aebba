import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { catalogFileSchema, type CatalogModel } from './catalog-schema.ts';

export type { CatalogModel, CatalogProviderOffer, Pricing } from './catalog-schema.ts';

/** The repository's `catalog/` folder. */
export const DEFAULT_CATALOG_DIR = resolve(import.meta.dirname, '../../../catalog');

/** The model catalog, loaded once and read-only. */
export type Catalog = {
  /** A model by catalog id (`openai/gpt-4o-mini`). */
  get(id: string): CatalogModel | undefined;
  /**
   * A model by the id a provider's own SDK would send (`gpt-4o-mini`, `claude-sonnet-4-5-20250929`),
   * or the model part of a catalog id (`claude-sonnet-4-5`). First match in catalog order.
   */
  findByUpstreamId(model: string): CatalogModel | undefined;
  /** Every model, sorted by id. */
  list(): readonly CatalogModel[];
};

/** A catalog file that cannot be used; the message names the file and the field. */
export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

/**
 * Reads and validates every `*.json` in `dir`, synchronously, at start-up. Each file holds one
 * author's models and its ids must start with `<file name>/`. Anything malformed throws a
 * CatalogError rather than serving wrong prices.
 */
export function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Catalog {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new CatalogError(`No catalog files (*.json) in ${dir}.`);

  const byId = new Map<string, CatalogModel>();
  for (const file of files) {
    const where = join(basename(dir), file);
    for (const model of readCatalogFile(join(dir, file), where)) {
      const author = basename(file, '.json');
      if (!model.id.startsWith(`${author}/`)) {
        throw new CatalogError(`${where}: model '${model.id}' belongs in ${author}.json only if its id starts with '${author}/'.`);
      }
      if (byId.has(model.id)) throw new CatalogError(`${where}: duplicate model id '${model.id}'.`);
      byId.set(model.id, Object.freeze(model));
    }
  }

  const models = Object.freeze([...byId.values()].sort((a, b) => a.id.localeCompare(b.id)));
  const byUpstreamId = new Map<string, CatalogModel>();
  for (const model of models) {
    for (const offer of model.providers) if (!byUpstreamId.has(offer.model)) byUpstreamId.set(offer.model, model);
  }
  for (const model of models) {
    const short = model.id.slice(model.id.indexOf('/') + 1);
    if (!byUpstreamId.has(short)) byUpstreamId.set(short, model);
  }

  return {
    get: (id) => byId.get(id),
    findByUpstreamId: (model) => byUpstreamId.get(model),
    list: () => models,
  };
}

function readCatalogFile(path: string, where: string): CatalogModel[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CatalogError(`${where}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = catalogFileSchema.safeParse(json);
  if (!parsed.success) throw new CatalogError(`${where}: ${describeIssues(parsed.error, json)}`);
  return parsed.data;
}

/** `[3] (openai/gpt-5) providers[0].pricing.input: Too small: expected number to be >=0`, for the first few issues. */
function describeIssues(error: z.ZodError, json: unknown): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${formatPath(issue.path)}${modelIdAt(json, issue.path[0])}: ${issue.message}`)
    .join('; ');
}

/** The id of the model an issue is in, so a reader need not count array entries. */
function modelIdAt(json: unknown, index: PropertyKey | undefined): string {
  if (!Array.isArray(json) || typeof index !== 'number') return '';
  const id: unknown = json[index]?.id;
  return typeof id === 'string' ? ` (model '${id}')` : '';
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out.replace(/^\./, '') || '(root)';
}
