import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../routing/catalog/load-catalog.ts';
import { parseUsdToNanos } from '../billing/nanos.ts';
import { UNIT_PRICE_FIELDS } from '../routing/catalog/catalog-schema.ts';
import { normaliseMediaInput } from './normalise-media-input.ts';
import { parameterSchemaSource } from './parameter-schema.ts';
import { validateMediaInput } from './validate-media-input.ts';

const catalog = loadCatalog();
const schemas = parameterSchemaSource();
const schemaOf = (id: string) => schemas(catalog.get(id))!;

describe('media parameters', () => {
  it('every media model in the catalog has a readable parameter schema and exact unit prices', () => {
    const media = catalog.list().filter((model) => model.kind);
    assert.ok(media.length >= 10);
    for (const model of media) {
      assert.ok(schemas(model), `${model.id} has parameters`);
      for (const offer of model.providers) {
        for (const field of UNIT_PRICE_FIELDS) {
          const price = offer.pricing[field];
          if (typeof price === 'number') assert.notEqual(parseUsdToNanos(price), undefined, `${model.id} ${field}`);
        }
        for (const variant of offer.pricing.per_image_variants ?? []) assert.notEqual(parseUsdToNanos(variant.usd), undefined);
      }
    }
  });

  it('fills defaults and reads numbers sent as form text', () => {
    const input = validateMediaInput({ kind: 'image', model: 'openai/dall-e-3', input: { prompt: 'a cat', n: '1' } }, schemaOf('openai/dall-e-3'));
    assert.deepEqual(input, { prompt: 'a cat', n: 1, size: '1024x1024', quality: 'standard', style: 'vivid', output_format: 'png' });
  });

  it('refuses with a 400 naming the parameter and what is accepted', () => {
    const refuse = (id: string, input: Record<string, unknown>, param: string, message: RegExp) =>
      assert.throws(() => validateMediaInput({ kind: 'image', model: id, input }, schemaOf(id)), (error: { status: number; param?: string; message: string }) => {
        assert.equal(error.status, 400);
        assert.equal(error.param, param);
        assert.match(error.message, message);
        return true;
      });
    refuse('openai/dall-e-3', { prompt: 'x', size: '512x512' }, 'size', /Accepted values: 1024x1024, 1792x1024, 1024x1792\./);
    refuse('openai/dall-e-3', { prompt: 'x', n: 2 }, 'n', /from 1 to 1/);
    refuse('google/imagen-4', { prompt: 'x', style: 'vivid' }, 'style', /Accepted parameters: prompt, negative_prompt, n, aspect_ratio/);
    refuse('google/imagen-4', {}, 'prompt', /required/);
    refuse('openai/gpt-image-1', { prompt: 'x', n: 1.5 }, 'n', /an integer/);
  });

  it('turns a size into the nearest aspect ratio a model takes, and back', () => {
    assert.deepEqual(normaliseMediaInput({ size: '1536x1024' }, schemaOf('google/gemini-2.5-flash-image')), { aspect_ratio: '3:2' });
    assert.deepEqual(normaliseMediaInput({ size: '1536x1024' }, schemaOf('google/imagen-4')), { aspect_ratio: '4:3' });
    assert.deepEqual(normaliseMediaInput({ size: 'auto' }, schemaOf('google/imagen-4')), {});
    assert.deepEqual(normaliseMediaInput({ aspect_ratio: '16:9' }, schemaOf('openai/dall-e-3')), { size: '1792x1024' });
    assert.deepEqual(normaliseMediaInput({ aspect_ratio: '1:1', output_format: 'jpg' }, schemaOf('openai/gpt-image-1')), { size: '1024x1024', output_format: 'jpeg' });
  });
});
