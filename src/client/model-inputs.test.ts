import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../routing/catalog/load-catalog.ts';
import { parameterSchemaSource } from '../media/parameter-schema.ts';

/** The hand-written ModelInputs type must name real catalog models and their real parameters. */
test('ModelInputs matches the catalog: every model exists, every parameter is one it accepts', () => {
  const catalogDir = new URL('../../catalog', import.meta.url).pathname;
  const catalog = loadCatalog(catalogDir);
  const source = readFileSync(new URL('./model-inputs.ts', import.meta.url), 'utf8');
  const entries = [...source.matchAll(/^  '([^']+)': \{ (.*) \};$/gm)];
  assert.ok(entries.length >= 7);
  for (const [, id, fields] of entries) {
    const model = catalog.get(id);
    assert.ok(model, `${id} is not in the catalog`);
    const accepted = Object.keys(parameterSchemaSource(catalogDir)(model)?.properties ?? { prompt: {} });
    for (const [, name] of fields.matchAll(/(?:^|; )(\w+)\??:/g)) assert.ok(accepted.includes(name), `${id} has no parameter '${name}' (accepts ${accepted.join(', ')})`);
  }
});
