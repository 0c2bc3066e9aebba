import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError, loadCatalog } from './load-catalog.ts';

describe('the shipped catalog', () => {
  const catalog = loadCatalog();
  const models = catalog.list();

  it('loads every author file and the models the gateway promises', () => {
    for (const id of [
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
      'openai/gpt-4.1',
      'openai/gpt-4.1-mini',
      'openai/gpt-4.1-nano',
      'openai/gpt-5',
      'openai/gpt-5-mini',
      'openai/gpt-5-nano',
      'openai/o4-mini',
      'openai/o3',
      'anthropic/claude-sonnet-4-5',
      'anthropic/claude-haiku-4-5',
      'anthropic/claude-opus-4-1',
      'anthropic/claude-opus-4-5',
      'anthropic/claude-sonnet-4',
      'anthropic/claude-3-5-haiku',
      'google/gemini-2.5-pro',
      'google/gemini-2.5-flash',
      'google/gemini-2.5-flash-lite',
      'google/gemini-2.0-flash',
      'google/gemini-3-pro-preview',
    ]) {
      assert.ok(catalog.get(id), `${id} is in the catalog`);
    }
  });

  it('uses unique author/model ids, listed in order', () => {
    const ids = models.map((m) => m.id);
    for (const id of ids) assert.match(id, /^[a-z0-9-]+\/[a-z0-9._-]+$/);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids, [...ids].sort((a, b) => a.localeCompare(b)));
  });

  it('gives every offer an upstream model id and non-negative prices, long-context ones higher', () => {
    for (const model of models) {
      assert.ok(model.max_output_tokens <= model.context_length, `${model.id}: output fits the context`);
      for (const offer of model.providers) {
        assert.ok(offer.model.trim().length > 0, `${model.id} via ${offer.provider} names its upstream model`);
        const { long_context: long, ...base } = offer.pricing;
        for (const [field, price] of Object.entries(base)) {
          if (Array.isArray(price)) continue; // per_image_variants: checked by the media pricing tests
          assert.ok(price === null || price >= 0, `${model.id} ${field} is non-negative`);
        }
        if (long) {
          assert.ok(long.threshold < model.context_length, `${model.id}: long-context threshold is reachable`);
          assert.ok(long.input >= base.input && long.output >= base.output, `${model.id}: long context costs more`);
        }
        if (base.cache_read !== null) assert.ok(base.cache_read < base.input, `${model.id}: cache reads are a discount`);
      }
    }
  });

  it('prices Anthropic cache writes at 1.25× input and reads at 0.1× input', () => {
    for (const model of models.filter((m) => m.id.startsWith('anthropic/'))) {
      const { input, cache_read, cache_write } = model.providers[0].pricing;
      assert.equal(cache_write, Math.round(input * 1.25 * 1e6) / 1e6, model.id);
      assert.equal(cache_read, Math.round(input * 0.1 * 1e6) / 1e6, model.id);
    }
  });

  it('finds a model by the id its provider’s SDK sends, or by the model part of its id', () => {
    assert.equal(catalog.findByUpstreamId('gpt-4o-mini')?.id, 'openai/gpt-4o-mini');
    assert.equal(catalog.findByUpstreamId('claude-sonnet-4-5-20250929')?.id, 'anthropic/claude-sonnet-4-5');
    assert.equal(catalog.findByUpstreamId('claude-sonnet-4-5')?.id, 'anthropic/claude-sonnet-4-5');
    assert.equal(catalog.findByUpstreamId('no-such-model'), undefined);
    assert.equal(catalog.get('gpt-4o-mini'), undefined, 'get takes catalog ids only');
  });
});

describe('a malformed catalog fails start-up with the file and field at fault', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function catalogDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-catalog-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  const good = {
    id: 'acme/rocket-1',
    name: 'Rocket 1',
    context_length: 8000,
    max_output_tokens: 1000,
    modalities: { input: ['text'], output: ['text'] },
    capabilities: { tools: true, json_schema: false, reasoning: false, vision: false },
    providers: [{ provider: 'acme', model: 'rocket-1', pricing: { input: 1, output: 2, cache_read: null, cache_write: null } }],
  };

  it('loads a well-formed one', () => {
    const catalog = loadCatalog(catalogDir({ 'acme.json': JSON.stringify([good]), 'notes.txt': 'ignored' }));
    assert.deepEqual(catalog.list().map((m) => m.id), ['acme/rocket-1']);
  });

  it('names the file, the model and the path of a bad field', () => {
    const bad = { ...good, id: 'acme/rocket-2', providers: [{ ...good.providers[0], pricing: { ...good.providers[0].pricing, input: -1 } }] };
    const dir = catalogDir({ 'acme.json': JSON.stringify([good, bad]) });
    assert.throws(
      () => loadCatalog(dir),
      (error: unknown) =>
        error instanceof CatalogError &&
        /acme\.json: \[1\]\.providers\[0\]\.pricing\.input \(model 'acme\/rocket-2'\): /.test(error.message),
    );
  });

  it('rejects a missing upstream model id, an unknown field and invalid JSON', () => {
    const noUpstream = { ...good, providers: [{ ...good.providers[0], model: '' }] };
    assert.throws(() => loadCatalog(catalogDir({ 'acme.json': JSON.stringify([noUpstream]) })), /acme\.json: \[0\]\.providers\[0\]\.model/);
    assert.throws(() => loadCatalog(catalogDir({ 'acme.json': JSON.stringify([{ ...good, prcing: {} }]) })), /acme\.json: \[0\].*prcing/);
    assert.throws(() => loadCatalog(catalogDir({ 'acme.json': '[{' })), /acme\.json: not valid JSON/);
  });

  it('rejects ids that are not author/model, belong to another author, or repeat', () => {
    assert.throws(() => loadCatalog(catalogDir({ 'acme.json': JSON.stringify([{ ...good, id: 'rocket-1' }]) })), /\[0\]\.id .*'author\/model'/);
    assert.throws(() => loadCatalog(catalogDir({ 'other.json': JSON.stringify([good]) })), /other\.json: model 'acme\/rocket-1'/);
    assert.throws(() => loadCatalog(catalogDir({ 'acme.json': JSON.stringify([good, good]) })), /duplicate model id 'acme\/rocket-1'/);
  });

  it('rejects an empty folder', () => {
    assert.throws(() => loadCatalog(catalogDir({})), /No catalog files/);
  });
});
